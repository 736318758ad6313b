using k8s.Models;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Volumes;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>Turns a pod into the CRI PodSandboxConfig (upstream's generatePodSandboxConfig).</summary>
internal static class SandboxConfigBuilder
{
    public static PodSandboxConfig Build(V1Pod pod, uint attempt, KubeRuntimeOptions options, string? resolvConfText)
    {
        var meta = pod.Metadata;
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = meta.Name, Namespace = meta.NamespaceProperty, Uid = meta.Uid, Attempt = attempt },
            Hostname = Hostname(pod),
            LogDirectory = LogDirectory(pod, options),
            DnsConfig = DnsConfigurer.For(pod, options, resolvConfText),
            Linux = new LinuxPodSandboxConfig
            {
                CgroupParent = CgroupParent(pod, options),
                SecurityContext = SecurityContext(pod),
            },
        };
        foreach (var (key, value) in meta.Labels ?? new Dictionary<string, string>())
        {
            config.Labels[key] = value;
        }

        config.Labels[CriLabels.PodName] = meta.Name;
        config.Labels[CriLabels.PodNamespace] = meta.NamespaceProperty;
        config.Labels[CriLabels.PodUid] = meta.Uid;
        foreach (var (key, value) in meta.Annotations ?? new Dictionary<string, string>())
        {
            config.Annotations[key] = value;
        }

        foreach (var sysctl in pod.Spec.SecurityContext?.Sysctls ?? [])
        {
            config.Linux.Sysctls[sysctl.Name] = sysctl.Value;
        }

        config.PortMappings.AddRange(PortMappings(pod));
        return config;
    }

    /// <summary>&lt;logs&gt;/pods/&lt;namespace&gt;_&lt;name&gt;_&lt;uid&gt;, upstream's pod log directory.</summary>
    public static string LogDirectory(V1Pod pod, KubeRuntimeOptions options) =>
        Path.Combine(options.PodLogsDirectory, $"{pod.Metadata.NamespaceProperty}_{pod.Metadata.Name}_{pod.Metadata.Uid}");

    /// <summary>spec.hostname or the pod name, cut to 63 characters without a trailing '-' or '.'.</summary>
    public static string Hostname(V1Pod pod) =>
        PodSpecs.HostNetwork(pod) ? Environment.MachineName : EtcHostsFile.HostNameAndDomain(pod, "").HostName;

    /// <summary>The pod's fully qualified domain name when it has a subdomain, else null.</summary>
    public static string? Fqdn(V1Pod pod, KubeRuntimeOptions options) => string.IsNullOrEmpty(pod.Spec.Subdomain)
        ? null
        : $"{Hostname(pod)}.{EtcHostsFile.HostNameAndDomain(pod, options.ClusterDomain).Domain}";

    public static NamespaceOption Namespaces(V1Pod pod) => new()
    {
        Network = PodSpecs.HostNetwork(pod) ? NamespaceMode.Node : NamespaceMode.Pod,
        Pid = pod.Spec.HostPID == true ? NamespaceMode.Node : pod.Spec.ShareProcessNamespace == true ? NamespaceMode.Pod : NamespaceMode.Container,
        Ipc = pod.Spec.HostIPC == true ? NamespaceMode.Node : NamespaceMode.Pod,
    };

    /// <summary>Upstream's QoS class (Guaranteed, Burstable, BestEffort) from requests and limits.</summary>
    public static string QosClass(V1Pod pod)
    {
        var containers = (pod.Spec.Containers ?? []).Concat(pod.Spec.InitContainers ?? []).ToList();
        var any = false;
        var guaranteed = true;
        foreach (var container in containers)
        {
            var requests = container.Resources?.Requests ?? new Dictionary<string, ResourceQuantity>();
            var limits = container.Resources?.Limits ?? new Dictionary<string, ResourceQuantity>();
            any |= requests.Count > 0 || limits.Count > 0;
            foreach (var resource in new[] { "cpu", "memory" })
            {
                if (!limits.TryGetValue(resource, out var limit))
                {
                    guaranteed = false;
                    continue;
                }

                if (requests.TryGetValue(resource, out var request) && request.ToDecimal() != limit.ToDecimal())
                {
                    guaranteed = false;
                }
            }
        }

        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    private static string CgroupParent(V1Pod pod, KubeRuntimeOptions options)
    {
        if (options.CgroupRoot is null)
        {
            return "";
        }

        var qos = pod.Status?.QosClass ?? QosClass(pod);
        var podCgroup = "pod" + pod.Metadata.Uid;
        return qos switch
        {
            "Guaranteed" => $"{options.CgroupRoot.TrimEnd('/')}/{podCgroup}",
            "BestEffort" => $"{options.CgroupRoot.TrimEnd('/')}/besteffort/{podCgroup}",
            _ => $"{options.CgroupRoot.TrimEnd('/')}/burstable/{podCgroup}",
        };
    }

    private static LinuxSandboxSecurityContext SecurityContext(V1Pod pod)
    {
        var podContext = pod.Spec.SecurityContext;
        var context = new LinuxSandboxSecurityContext
        {
            NamespaceOptions = Namespaces(pod),
            Privileged = (pod.Spec.Containers ?? []).Concat(pod.Spec.InitContainers ?? []).Any(c => c.SecurityContext?.Privileged == true),
        };
        if (podContext?.RunAsUser is { } user)
        {
            context.RunAsUser = new Int64Value { Value = user };
        }

        if (podContext?.RunAsGroup is { } group)
        {
            context.RunAsGroup = new Int64Value { Value = group };
        }

        if (podContext?.FsGroup is { } fsGroup)
        {
            context.SupplementalGroups.Add(fsGroup);
        }

        context.SupplementalGroups.AddRange((podContext?.SupplementalGroups ?? []).OfType<long>());
        return context;
    }

    private static IEnumerable<PortMapping> PortMappings(V1Pod pod)
    {
        foreach (var container in pod.Spec.Containers ?? [])
        {
            foreach (var port in container.Ports ?? [])
            {
                yield return new PortMapping
                {
                    ContainerPort = port.ContainerPort,
                    HostPort = port.HostPort ?? 0,
                    HostIp = port.HostIP ?? "",
                    Protocol = port.Protocol switch
                    {
                        "UDP" => Protocol.Udp,
                        "SCTP" => Protocol.Sctp,
                        _ => Protocol.Tcp,
                    },
                };
            }
        }
    }
}
