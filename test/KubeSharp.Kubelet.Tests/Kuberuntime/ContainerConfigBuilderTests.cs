using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Config;
using KubeSharp.Kubelet.Kuberuntime;
using KubeSharp.Kubelet.Volumes;

namespace KubeSharp.Kubelet.Tests.Kuberuntime;

public sealed class ContainerConfigBuilderTests
{
    [Fact]
    public void Build_CommandArgsAndMounts_ExpandedAndMapped()
    {
        var pod = TestPods.Pod("p");
        var c = pod.Spec.Containers[0];
        c.Command = ["sh", "-c"];
        c.Args = ["echo $(GREETING) $(MISSING) $$(GREETING)"];
        c.WorkingDir = "/work";
        c.VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data", ReadOnlyProperty = true, SubPath = "sub" }];
        var dir = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var context = new ContainerBuildContext(3, "sha256:abc", null, [new KeyValue { Key = "GREETING", Value = "hi" }],
                new PodVolumes(pod.Metadata.Uid, new Dictionary<string, string> { ["data"] = dir }), "/hosts", "/termlog");

            var config = ContainerConfigBuilder.Build(pod, c, context);

            Assert.Equal(["sh", "-c"], config.Command);
            Assert.Equal("echo hi $(MISSING) $(GREETING)", Assert.Single(config.Args));
            Assert.Equal("/work", config.WorkingDir);
            Assert.Equal("app/3.log", config.LogPath);
            Assert.Equal(3u, config.Metadata.Attempt);
            var data = config.Mounts.Single(m => m.ContainerPath == "/data");
            Assert.Equal(Path.Combine(dir, "sub"), data.HostPath);
            Assert.True(data.Readonly);
            Assert.True(Directory.Exists(data.HostPath));
            Assert.Contains(config.Mounts, m => m.ContainerPath == "/etc/hosts" && m.HostPath == "/hosts");
            Assert.Contains(config.Mounts, m => m.ContainerPath == "/dev/termination-log" && m.HostPath == "/termlog");
            Assert.Equal("p", config.Labels["io.kubernetes.pod.name"]);
            Assert.Equal("3", config.Annotations["io.kubernetes.container.restartCount"]);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Build_Resources_SharesQuotaAndMemory()
    {
        var pod = TestPods.Pod("p");
        var c = pod.Spec.Containers[0];
        c.Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m") },
            Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["memory"] = new("64Mi") },
        };

        var resources = ContainerConfigBuilder.Build(pod, c, Context()).Linux.Resources;

        Assert.Equal(512, resources.CpuShares);
        Assert.Equal(100_000, resources.CpuPeriod);
        Assert.Equal(100_000, resources.CpuQuota);
        Assert.Equal(64L * 1024 * 1024, resources.MemoryLimitInBytes);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(100, 102)]
    [InlineData(1000, 1024)]
    [InlineData(1_000_000, 262_144)]
    public void MilliCpuToShares_Values_AsUpstream(long milli, long shares) => Assert.Equal(shares, ContainerResourceSettings.MilliCpuToShares(milli));

    [Fact]
    public void Build_SecurityContext_Mapped()
    {
        var pod = TestPods.Pod("p");
        pod.Spec.SecurityContext = new V1PodSecurityContext { RunAsUser = 1000, RunAsGroup = 3000 };
        var c = pod.Spec.Containers[0];
        c.SecurityContext = new V1SecurityContext
        {
            ReadOnlyRootFilesystem = true,
            RunAsUser = 2000,
            Capabilities = new V1Capabilities { Add = ["NET_ADMIN"], Drop = ["ALL"] },
        };

        var sc = ContainerConfigBuilder.Build(pod, c, Context()).Linux.SecurityContext;

        Assert.Equal(2000, sc.RunAsUser.Value);
        Assert.Equal(3000, sc.RunAsGroup.Value);
        Assert.True(sc.ReadonlyRootfs);
        Assert.Equal(["NET_ADMIN"], sc.Capabilities.AddCapabilities);
        Assert.Equal(["ALL"], sc.Capabilities.DropCapabilities);
        Assert.False(sc.Privileged);
    }

    [Fact]
    public void Build_RunAsNonRootWithRootImage_ThrowsUpstreamMessage()
    {
        var pod = TestPods.Pod("p");
        pod.Spec.SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true };

        var e = Assert.Throws<ContainerConfigException>(() => ContainerConfigBuilder.Build(pod, pod.Spec.Containers[0],
            Context() with { ImageInfo = new Image { Uid = new Int64Value { Value = 0 } } }));

        Assert.Equal("container has runAsNonRoot and image will run as root (pod: \"p_default(uid-p)\", container: app)", e.Message);
    }

    [Fact]
    public void Build_MissingVolume_Throws()
    {
        var pod = TestPods.Pod("p");
        pod.Spec.Containers[0].VolumeMounts = [new V1VolumeMount { Name = "nope", MountPath = "/x" }];

        var e = Assert.Throws<ContainerConfigException>(() => ContainerConfigBuilder.Build(pod, pod.Spec.Containers[0], Context()));

        Assert.Equal("cannot find volume \"nope\" to mount into container \"app\"", e.Message);
    }

    [Fact]
    public void SandboxBuild_HostPortsHostnameAndDns()
    {
        var pod = TestPods.Pod("p");
        pod.Spec.Subdomain = "sub";
        pod.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80, HostPort = 8080 }];
        var options = new KubeRuntimeOptions { RootDirectory = "/agent", ClusterDns = ["10.43.0.10"] };

        var config = SandboxConfigBuilder.Build(pod, 2, options, "nameserver 1.1.1.1\nsearch example.com\n");

        Assert.Equal("p", config.Hostname);
        Assert.Equal(2u, config.Metadata.Attempt);
        Assert.Equal("/agent/logs/pods/default_p_uid-p", config.LogDirectory);
        Assert.Equal(8080, Assert.Single(config.PortMappings).HostPort);
        Assert.Equal(["10.43.0.10"], config.DnsConfig.Servers);
        Assert.Equal(["default.svc.cluster.local", "svc.cluster.local", "cluster.local", "example.com"], config.DnsConfig.Searches);
        Assert.Equal(["ndots:5"], config.DnsConfig.Options);
        Assert.Equal("uid-p", config.Labels["io.kubernetes.pod.uid"]);
        Assert.Equal("p.sub.default.svc.cluster.local", SandboxConfigBuilder.Fqdn(pod, options));
    }

    private static ContainerBuildContext Context() => new(0, "sha256:abc", null, [], null, null, null);
}
