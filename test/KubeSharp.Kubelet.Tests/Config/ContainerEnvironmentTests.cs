using k8s.Models;
using KubeSharp.Kubelet.Config;

namespace KubeSharp.Kubelet.Tests.Config;

public sealed class ContainerEnvironmentTests
{
    private readonly FakePodObjectSource _objects = new();

    private static readonly EnvironmentInputs Inputs = new(
        ["10.42.0.5", "fd00::5"],
        ["192.168.1.10"],
        new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["memory"] = new("8Gi"), ["ephemeral-storage"] = new("100Gi") });

    private async Task<Dictionary<string, string>> EnvAsync(V1Container container, Action<V1Pod>? configure = null)
    {
        var pod = TestPods.Pod(containers: container);
        configure?.Invoke(pod);
        var result = await new ContainerEnvironment(_objects).MakeEnvironmentAsync(pod, container, Inputs, CancellationToken.None);
        return result.Variables.ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    [Fact]
    public async Task MakeEnvironmentAsync_ServiceLinks_UpstreamFormatAndKubernetesAlways()
    {
        _objects.AddService("default", "kubernetes", "10.43.0.1", new V1ServicePort { Name = "https", Port = 443, Protocol = "TCP" });
        _objects.AddService("default", "other", "10.43.0.9", new V1ServicePort { Port = 1 });
        _objects.AddService("ns1", "my-svc", "10.43.0.7", new V1ServicePort { Port = 80 }, new V1ServicePort { Name = "dns", Port = 53, Protocol = "UDP" });
        _objects.AddService("ns1", "headless", "None", new V1ServicePort { Port = 80 });

        var env = await EnvAsync(new V1Container { Name = "c" });

        Assert.Equal("10.43.0.1", env["KUBERNETES_SERVICE_HOST"]);
        Assert.Equal("443", env["KUBERNETES_SERVICE_PORT"]);
        Assert.Equal("443", env["KUBERNETES_SERVICE_PORT_HTTPS"]);
        Assert.Equal("tcp://10.43.0.1:443", env["KUBERNETES_PORT"]);
        Assert.Equal("tcp://10.43.0.1:443", env["KUBERNETES_PORT_443_TCP"]);
        Assert.Equal("tcp", env["KUBERNETES_PORT_443_TCP_PROTO"]);
        Assert.Equal("443", env["KUBERNETES_PORT_443_TCP_PORT"]);
        Assert.Equal("10.43.0.1", env["KUBERNETES_PORT_443_TCP_ADDR"]);
        Assert.Equal("10.43.0.7", env["MY_SVC_SERVICE_HOST"]);
        Assert.Equal("80", env["MY_SVC_SERVICE_PORT"]);
        Assert.Equal("53", env["MY_SVC_SERVICE_PORT_DNS"]);
        Assert.Equal("tcp://10.43.0.7:80", env["MY_SVC_PORT"]);
        Assert.Equal("udp://10.43.0.7:53", env["MY_SVC_PORT_53_UDP"]);
        Assert.Equal("UDP".ToLowerInvariant(), env["MY_SVC_PORT_53_UDP_PROTO"]);
        Assert.DoesNotContain("OTHER_SERVICE_HOST", env.Keys);
        Assert.DoesNotContain("HEADLESS_SERVICE_HOST", env.Keys);
    }

    [Fact]
    public async Task MakeEnvironmentAsync_ServiceLinksDisabled_OnlyKubernetesService()
    {
        _objects.AddService("default", "kubernetes", "10.43.0.1", new V1ServicePort { Name = "https", Port = 443 });
        _objects.AddService("ns1", "my-svc", "10.43.0.7", new V1ServicePort { Port = 80 });

        var env = await EnvAsync(new V1Container { Name = "c" }, p => p.Spec.EnableServiceLinks = false);

        Assert.Equal("10.43.0.1", env["KUBERNETES_SERVICE_HOST"]);
        Assert.DoesNotContain("MY_SVC_SERVICE_HOST", env.Keys);
    }

    [Fact]
    public async Task MakeEnvironmentAsync_EnvFromWithPrefix_AddsValidKeysAndWarnsAboutInvalid()
    {
        _objects.AddConfigMap("ns1", "cm", new() { ["A"] = "1", ["bad=key"] = "x" });
        _objects.AddSecret("ns1", "s", new() { ["PASS"] = "pw" });
        var container = new V1Container
        {
            Name = "c",
            EnvFrom = [
                new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "cm" }, Prefix = "P_" },
                new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "s" } },
                new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "absent", Optional = true } },
            ],
        };
        var pod = TestPods.Pod(containers: container);

        var result = await new ContainerEnvironment(_objects).MakeEnvironmentAsync(pod, container, Inputs, CancellationToken.None);

        Assert.Equal(["P_A", "PASS"], result.Variables.Select(v => v.Key));
        Assert.Equal("pw", result.Variables[1].Value);
        Assert.Equal(["Keys [P_bad=key] from the EnvFrom configMap ns1/cm were skipped since they are considered invalid environment variable names."], result.Warnings);
    }

    [Fact]
    public async Task MakeEnvironmentAsync_ValueWithReferences_ExpandsEarlierVariablesOnly()
    {
        _objects.AddService("ns1", "db", "10.43.0.3", new V1ServicePort { Port = 5432 });
        var container = new V1Container
        {
            Name = "c",
            Env = [
                new V1EnvVar { Name = "A", Value = "a" },
                new V1EnvVar { Name = "B", Value = "$(A)-$(C)-$$(A)-$(DB_SERVICE_HOST)" },
                new V1EnvVar { Name = "C", Value = "c" },
                new V1EnvVar { Name = "A", Value = "again" },
            ],
        };

        var env = await EnvAsync(container);

        Assert.Equal("a-$(C)-$(A)-10.43.0.3", env["B"]);
        Assert.Equal("again", env["A"]);
    }

    [Fact]
    public async Task MakeEnvironmentAsync_KeyRefs_ResolveAndSkipOptional()
    {
        _objects.AddConfigMap("ns1", "cm", new() { ["k"] = "v" });
        _objects.AddSecret("ns1", "s", new() { ["k"] = "secret-v" });
        var container = new V1Container
        {
            Name = "c",
            Env = [
                new V1EnvVar { Name = "CM", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "cm", Key = "k" } } },
                new V1EnvVar { Name = "SEC", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "s", Key = "k" } } },
                new V1EnvVar { Name = "OPT_KEY", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "cm", Key = "nope", Optional = true } } },
                new V1EnvVar { Name = "OPT_CM", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "none", Key = "k", Optional = true } } },
                new V1EnvVar { Name = "OPT_SEC", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "none", Key = "k", Optional = true } } },
            ],
        };

        var env = await EnvAsync(container);

        Assert.Equal("v", env["CM"]);
        Assert.Equal("secret-v", env["SEC"]);
        Assert.DoesNotContain("OPT_KEY", env.Keys);
        Assert.DoesNotContain("OPT_CM", env.Keys);
        Assert.DoesNotContain("OPT_SEC", env.Keys);
    }

    [Theory]
    [InlineData("cm-missing", "configmap \"x\" not found")]
    [InlineData("cm-key", "couldn't find key nope in ConfigMap ns1/cm")]
    [InlineData("secret-missing", "secret \"x\" not found")]
    [InlineData("secret-key", "couldn't find key nope in Secret ns1/s")]
    [InlineData("envfrom-missing", "configmap \"x\" not found")]
    public async Task MakeEnvironmentAsync_MissingRequiredSource_ThrowsWithUpstreamMessage(string scenario, string message)
    {
        _objects.AddConfigMap("ns1", "cm", new() { ["k"] = "v" });
        _objects.AddSecret("ns1", "s", new() { ["k"] = "v" });
        var container = new V1Container { Name = "c" };
        switch (scenario)
        {
            case "cm-missing":
                container.Env = [new V1EnvVar { Name = "X", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "x", Key = "k" } } }];
                break;
            case "cm-key":
                container.Env = [new V1EnvVar { Name = "X", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "cm", Key = "nope" } } }];
                break;
            case "secret-missing":
                container.Env = [new V1EnvVar { Name = "X", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "x", Key = "k" } } }];
                break;
            case "secret-key":
                container.Env = [new V1EnvVar { Name = "X", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "s", Key = "nope" } } }];
                break;
            default:
                container.EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "x" } }];
                break;
        }

        var e = await Assert.ThrowsAsync<ContainerConfigException>(() => EnvAsync(container));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public async Task MakeEnvironmentAsync_FieldRefs_ResolvePodFields()
    {
        static V1EnvVar Field(string name, string path) => new() { Name = name, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = path } } };
        var container = new V1Container
        {
            Name = "c",
            Env = [
                Field("NAME", "metadata.name"), Field("NS", "metadata.namespace"), Field("UID", "metadata.uid"),
                Field("APP", "metadata.labels['app']"), Field("NOTE", "metadata.annotations['note']"),
                Field("NODE", "spec.nodeName"), Field("SA", "spec.serviceAccountName"),
                Field("HOST_IP", "status.hostIP"), Field("HOST_IPS", "status.hostIPs"),
                Field("POD_IP", "status.podIP"), Field("POD_IPS", "status.podIPs"), Field("LABELS", "metadata.labels"),
            ],
        };

        var env = await EnvAsync(container);

        Assert.Equal("web", env["NAME"]);
        Assert.Equal("ns1", env["NS"]);
        Assert.Equal("uid-1", env["UID"]);
        Assert.Equal("web", env["APP"]);
        Assert.Equal("a\nb", env["NOTE"]);
        Assert.Equal("node-a", env["NODE"]);
        Assert.Equal("sa1", env["SA"]);
        Assert.Equal("192.168.1.10", env["HOST_IP"]);
        Assert.Equal("192.168.1.10", env["HOST_IPS"]);
        Assert.Equal("10.42.0.5", env["POD_IP"]);
        Assert.Equal("10.42.0.5,fd00::5", env["POD_IPS"]);
        Assert.Equal("app=\"web\"\ntier=\"front\\\"end\"", env["LABELS"]);
    }

    [Fact]
    public async Task MakeEnvironmentAsync_ResourceFieldRefs_UseDivisorAndDefaultLimitsToAllocatable()
    {
        static V1EnvVar Res(string name, string resource, string? divisor = null) => new()
        {
            Name = name,
            ValueFrom = new V1EnvVarSource { ResourceFieldRef = new V1ResourceFieldSelector { Resource = resource, Divisor = divisor is null ? null : new ResourceQuantity(divisor) } },
        };
        var container = new V1Container
        {
            Name = "c",
            Resources = new V1ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("64Mi") },
                Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1500m") },
            },
            Env = [
                Res("LIM_CPU", "limits.cpu"), Res("LIM_CPU_M", "limits.cpu", "1m"), Res("REQ_CPU", "requests.cpu"),
                Res("REQ_MEM_MI", "requests.memory", "1Mi"), Res("LIM_MEM", "limits.memory", "1Gi"),
                Res("LIM_EPH", "limits.ephemeral-storage", "1Gi"), Res("REQ_EPH", "requests.ephemeral-storage"),
            ],
        };

        var env = await EnvAsync(container);

        Assert.Equal("2", env["LIM_CPU"]);
        Assert.Equal("1500", env["LIM_CPU_M"]);
        Assert.Equal("1", env["REQ_CPU"]);
        Assert.Equal("64", env["REQ_MEM_MI"]);
        Assert.Equal("8", env["LIM_MEM"]);
        Assert.Equal("100", env["LIM_EPH"]);
        Assert.Equal("0", env["REQ_EPH"]);
    }
}
