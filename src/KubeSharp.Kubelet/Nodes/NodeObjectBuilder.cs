using System.Globalization;
using k8s.Models;
using KubeSharp.Kubelet.Status;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>The Node object and its status as the kubelet registers and reports them (upstream's nodestatus setters). Pure.</summary>
internal static class NodeObjectBuilder
{
    private const int MaxImages = 50;

    public static Dictionary<string, string> Labels(NodeOptions options, MachineInfo machine)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["kubernetes.io/hostname"] = options.NodeName,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = machine.Architecture,
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/arch"] = machine.Architecture,
        };
        if (options.IsServer)
        {
            labels["node-role.kubernetes.io/control-plane"] = "true";
            labels["node-role.kubernetes.io/master"] = "true";
        }

        foreach (var (key, value) in options.Labels)
        {
            labels[key] = value;
        }

        return labels;
    }

    /// <summary>Parses <c>key=value:Effect</c> or <c>key:Effect</c>.</summary>
    public static V1Taint ParseTaint(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw new FormatException($"invalid taint spec: {text}");
        }

        var effect = text[(colon + 1)..];
        if (effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute"))
        {
            throw new FormatException($"invalid taint effect: {effect}, unsupported taint effect");
        }

        var keyValue = text[..colon];
        var equals = keyValue.IndexOf('=', StringComparison.Ordinal);
        return equals < 0
            ? new V1Taint { Key = keyValue, Effect = effect }
            : new V1Taint { Key = keyValue[..equals], Value = keyValue[(equals + 1)..], Effect = effect };
    }

    public static V1Node Node(NodeOptions options, MachineInfo machine) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta
        {
            Name = options.NodeName,
            Labels = Labels(options, machine),
            Annotations = new Dictionary<string, string> { ["node.alpha.kubernetes.io/ttl"] = "0" },
        },
        Spec = new V1NodeSpec
        {
            PodCIDR = options.PodCidr,
            PodCIDRs = options.PodCidr is null ? null : [options.PodCidr],
            Taints = options.Taints.Count == 0 ? null : [.. options.Taints.Select(ParseTaint)],
        },
    };

    /// <summary>
    /// The node status; conditions keep their lastTransitionTime from <paramref name="previous"/> while their status stays
    /// the same, and carry <paramref name="now"/> as the heartbeat.
    /// </summary>
    public static V1NodeStatus Status(NodeOptions options, MachineInfo machine, NodeRuntimeState runtime, V1NodeStatus? previous, DateTimeOffset now)
    {
        var capacity = Capacity(machine, options.MaxPods);
        var conditions = new List<V1NodeCondition>();
        foreach (var spec in NodeConditionSpec.Healthy)
        {
            var c = spec.Type == "Ready" && runtime.NotReadyMessage is { } message ? NodeConditionSpec.NotReady(message)
                : runtime.Pressures.Contains(spec.Type) ? NodeConditionSpec.UnderPressure(spec.Type)
                : spec;
            var before = previous?.Conditions?.FirstOrDefault(p => p.Type == c.Type);
            conditions.Add(new V1NodeCondition
            {
                Type = c.Type,
                Status = c.Status,
                Reason = c.Reason,
                Message = c.Message,
                LastHeartbeatTime = KubeTime.Seconds(now),
                LastTransitionTime = before?.Status == c.Status && before.LastTransitionTime is { } t ? t : KubeTime.Seconds(now),
            });
        }

        return new V1NodeStatus
        {
            Capacity = capacity,
            Allocatable = new Dictionary<string, ResourceQuantity>(capacity),
            Phase = null,
            Conditions = conditions,
            Addresses =
            [
                new V1NodeAddress { Type = "InternalIP", Address = options.NodeIp },
                new V1NodeAddress { Type = "Hostname", Address = options.NodeName },
            ],
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = options.KubeletPort } },
            NodeInfo = new V1NodeSystemInfo
            {
                MachineID = machine.MachineId,
                SystemUUID = machine.SystemUuid,
                BootID = machine.BootId,
                KernelVersion = machine.KernelVersion,
                OsImage = machine.OsImage,
                ContainerRuntimeVersion = runtime.RuntimeVersion,
                KubeletVersion = options.KubeletVersion,
                KubeProxyVersion = options.KubeletVersion,
                OperatingSystem = "linux",
                Architecture = machine.Architecture,
            },
            Images = runtime.Images.Count == 0 ? null :
                [.. runtime.Images.OrderByDescending(i => i.Size).Take(MaxImages).Select(i => new V1ContainerImage
                {
                    Names = [.. i.RepoDigests, .. i.RepoTags],
                    SizeBytes = (long)i.Size,
                })],
        };
    }

    /// <summary>Whether two statuses differ in anything but heartbeat times (the reason to report before the 5-minute mark).</summary>
    public static bool Changed(V1NodeStatus? before, V1NodeStatus after)
    {
        if (before is null)
        {
            return true;
        }

        static string Key(V1NodeStatus s)
        {
            var copy = k8s.KubernetesJson.Deserialize<V1NodeStatus>(k8s.KubernetesJson.Serialize(s));
            foreach (var c in copy.Conditions ?? [])
            {
                c.LastHeartbeatTime = null;
            }

            return k8s.KubernetesJson.Serialize(copy);
        }

        return Key(before) != Key(after);
    }

    /// <summary>The node's capacity (and, with no reservations, its allocatable): the machine's CPUs, memory and disk, and max pods.</summary>
    public static Dictionary<string, ResourceQuantity> Capacity(MachineInfo machine, int maxPods) => new()
    {
        ["cpu"] = new(machine.CpuCount.ToString(CultureInfo.InvariantCulture)),
        ["memory"] = new((machine.MemoryBytes / 1024).ToString(CultureInfo.InvariantCulture) + "Ki"),
        ["ephemeral-storage"] = new((machine.EphemeralStorageBytes / 1024).ToString(CultureInfo.InvariantCulture) + "Ki"),
        ["pods"] = new(maxPods.ToString(CultureInfo.InvariantCulture)),
    };
}
