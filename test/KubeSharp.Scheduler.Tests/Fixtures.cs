using k8s.Models;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Tests;

/// <summary>Small builders for nodes and pods.</summary>
internal static class Fixtures
{
    public static V1Node Node(string name, string cpu = "4", string memory = "32Gi", string pods = "110", Dictionary<string, string>? labels = null, IList<V1Taint>? taints = null, bool unschedulable = false, Dictionary<string, string>? extra = null)
    {
        var allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory), ["pods"] = new(pods) };
        foreach (var (k, v) in extra ?? [])
        {
            allocatable[k] = new ResourceQuantity(v);
        }
        var l = new Dictionary<string, string>(labels ?? []) { ["kubernetes.io/hostname"] = name };
        return new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = l },
            Spec = new V1NodeSpec { Taints = taints, Unschedulable = unschedulable },
            Status = new V1NodeStatus { Allocatable = allocatable, Capacity = allocatable },
        };
    }

    public static V1Pod Pod(string name, string? cpu = null, string? memory = null, string ns = "default", int? priority = null, Dictionary<string, string>? labels = null, string? nodeName = null, Dictionary<string, string>? extra = null)
    {
        var requests = new Dictionary<string, ResourceQuantity>();
        if (cpu is not null)
        {
            requests["cpu"] = new ResourceQuantity(cpu);
        }
        if (memory is not null)
        {
            requests["memory"] = new ResourceQuantity(memory);
        }
        foreach (var (k, v) in extra ?? [])
        {
            requests[k] = new ResourceQuantity(v);
        }
        return new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = $"uid-{ns}-{name}", Labels = labels, CreationTimestamp = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
            Spec = new V1PodSpec
            {
                SchedulerName = "default-scheduler",
                Priority = priority,
                NodeName = nodeName,
                Containers = [new V1Container { Name = "c", Image = "pause", Resources = new V1ResourceRequirements { Requests = requests } }],
            },
            Status = new V1PodStatus { Phase = "Pending" },
        };
    }

    public static NodeInfo NodeInfo(V1Node node, params V1Pod[] pods)
    {
        var info = new NodeInfo(node);
        foreach (var p in pods)
        {
            info.AddPod(new PodInfo(p));
        }
        return info;
    }

    public static V1PodAffinityTerm Term(string key, string value, string topologyKey) => new()
    {
        LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [key] = value } },
        TopologyKey = topologyKey,
    };
}
