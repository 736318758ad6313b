using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Kubelet.Nodes;
using KubeSharp.Kubelet.Status;

namespace KubeSharp.Kubelet.Simulation;

/// <summary>The Node and Lease objects of a simulated node, and the merge patches that keep them fresh.</summary>
internal static class NodeObjects
{
    public const string LeaseNamespace = NodeLeases.Namespace;
    public const string SimulatedLabel = "kubesharp.io/simulated";
    public const string KubeletVersion = "v1.33.0-kubesharp";

    public static Dictionary<string, string> Labels(SimulatedNode node, SimulationOptions options)
    {
        var labels = new Dictionary<string, string>(options.Labels)
        {
            ["kubernetes.io/hostname"] = node.Name,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/arch"] = "amd64",
            ["node.kubernetes.io/instance-type"] = "kubesharp-sim",
            [SimulatedLabel] = "true",
        };
        return labels;
    }

    public static V1Node Node(SimulatedNode node, SimulationOptions options) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta
        {
            Name = node.Name,
            Labels = Labels(node, options),
            Annotations = new Dictionary<string, string> { ["node.alpha.kubernetes.io/ttl"] = "0" },
        },
        Spec = new V1NodeSpec { PodCIDR = node.PodCidr, PodCIDRs = [node.PodCidr] },
    };

    /// <summary>Merge patch bringing an existing Node's labels and pod CIDR to what this pool registers.</summary>
    public static string MetadataPatch(SimulatedNode node, SimulationOptions options)
    {
        var labels = new JsonObject();
        foreach (var (key, value) in Labels(node, options))
        {
            labels[key] = value;
        }

        return new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labels } }.ToJsonString();
    }

    /// <summary>Merge patch of the whole node status, sent at registration.</summary>
    public static string FullStatusPatch(SimulatedNode node, SimulationOptions options, DateTimeOffset now)
    {
        var resources = new JsonObject
        {
            ["cpu"] = options.Cpu,
            ["memory"] = options.Memory,
            ["ephemeral-storage"] = options.EphemeralStorage,
            ["pods"] = options.Pods.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var status = new JsonObject
        {
            ["capacity"] = resources,
            ["allocatable"] = resources.DeepClone(),
            ["phase"] = "Running",
            ["conditions"] = Conditions(node, now),
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = node.InternalIp },
                new JsonObject { ["type"] = "Hostname", ["address"] = node.Name }),
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 10250 } },
            ["nodeInfo"] = new JsonObject
            {
                ["machineID"] = MachineId(node.Name),
                ["systemUUID"] = MachineId(node.Name),
                ["bootID"] = MachineId(node.Name + "/" + KubeTime.Time(node.RegisteredAt)),
                ["kernelVersion"] = "simulated",
                ["osImage"] = "KubeSharp simulated node",
                ["containerRuntimeVersion"] = "simulated://1.0",
                ["kubeletVersion"] = KubeletVersion,
                ["kubeProxyVersion"] = KubeletVersion,
                ["operatingSystem"] = "linux",
                ["architecture"] = "amd64",
            },
        };
        return new JsonObject { ["status"] = status }.ToJsonString();
    }

    /// <summary>Merge patch of the conditions only: the periodic status report. Merge patch replaces the list, so all four go.</summary>
    public static string ConditionsPatch(SimulatedNode node, DateTimeOffset now) =>
        new JsonObject { ["status"] = new JsonObject { ["conditions"] = Conditions(node, now) } }.ToJsonString();

    public static V1Lease Lease(SimulatedNode node, DateTimeOffset now) => NodeLeases.Lease(node.Name, node.Uid, now);

    public static string LeaseRenewPatch(SimulatedNode node, DateTimeOffset now) => NodeLeases.RenewPatch(node.Name, now);

    private static JsonArray Conditions(SimulatedNode node, DateTimeOffset now)
    {
        var heartbeat = KubeTime.Time(now);
        var transition = KubeTime.Time(node.RegisteredAt);
        var conditions = new JsonArray();
        foreach (var c in NodeConditionSpec.Healthy)
        {
            conditions.Add(new JsonObject
            {
                ["type"] = c.Type,
                ["status"] = c.Status,
                ["lastHeartbeatTime"] = heartbeat,
                ["lastTransitionTime"] = transition,
                ["reason"] = c.Reason,
                ["message"] = c.Message,
            });
        }

        return conditions;
    }

    private static string MachineId(string seed) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)))[..32];
}
