using k8s.Models;

namespace KubeSharp.Scheduler.Framework;

/// <summary>A node with the pods on it and their aggregated requests, as upstream's NodeInfo.</summary>
internal sealed class NodeInfo
{
    private static long _generation;

    public NodeInfo(V1Node? node = null)
    {
        if (node is not null)
        {
            SetNode(node);
        }
        Generation = NextGeneration();
    }

    public V1Node? Node { get; private set; }

    public string Name { get; private set; } = string.Empty;

    /// <summary>spec.unschedulable, kept here because filters read it for every node in every cycle.</summary>
    public bool Unschedulable { get; private set; }

    /// <summary>spec.taints, or null when there are none.</summary>
    public IList<V1Taint>? Taints { get; private set; }

    public List<PodInfo> Pods { get; private set; } = [];

    public List<PodInfo> PodsWithAffinity { get; private set; } = [];

    public List<PodInfo> PodsWithRequiredAntiAffinity { get; private set; } = [];

    public List<HostPort> UsedPorts { get; private set; } = [];

    public Resource Requested { get; private set; } = new();

    public Resource NonZeroRequested { get; private set; } = new();

    public Resource Allocatable { get; private set; } = new();

    /// <summary>Bumped on every change so the snapshot copies only what moved.</summary>
    public long Generation { get; private set; }

    public static long NextGeneration() => Interlocked.Increment(ref _generation);

    public void SetNode(V1Node node)
    {
        Node = node;
        Name = node.Name();
        Unschedulable = node.Spec?.Unschedulable == true;
        Taints = node.Spec?.Taints is { Count: > 0 } taints ? taints : null;
        var allocatable = new Resource();
        var list = node.Status?.Allocatable is { Count: > 0 } a ? a : node.Status?.Capacity;
        allocatable.Add(list);
        Allocatable = allocatable;
        Generation = NextGeneration();
    }

    public void AddPod(PodInfo pod)
    {
        Pods.Add(pod);
        if (pod.HasAffinity)
        {
            PodsWithAffinity.Add(pod);
        }
        if (pod.RequiredAntiAffinityTerms.Length > 0)
        {
            PodsWithRequiredAntiAffinity.Add(pod);
        }
        Requested.Add(pod.Requests);
        NonZeroRequested.Add(pod.NonZeroRequests);
        UsedPorts.AddRange(pod.HostPorts);
        Generation = NextGeneration();
    }

    public bool RemovePod(string podKey)
    {
        var index = Pods.FindIndex(p => p.Key == podKey);
        if (index < 0)
        {
            return false;
        }
        var pod = Pods[index];
        Pods.RemoveAt(index);
        PodsWithAffinity.RemoveAll(p => p.Key == podKey);
        PodsWithRequiredAntiAffinity.RemoveAll(p => p.Key == podKey);
        Requested.Add(pod.Requests, -1);
        NonZeroRequested.Add(pod.NonZeroRequests, -1);
        foreach (var port in pod.HostPorts)
        {
            UsedPorts.Remove(port);
        }
        Generation = NextGeneration();
        return true;
    }

    /// <summary>Takes over another node info's content, so references held by the snapshot's lists stay valid.</summary>
    public void CopyFrom(NodeInfo other)
    {
        Node = other.Node;
        Name = other.Name;
        Unschedulable = other.Unschedulable;
        Taints = other.Taints;
        Pods = [.. other.Pods];
        PodsWithAffinity = [.. other.PodsWithAffinity];
        PodsWithRequiredAntiAffinity = [.. other.PodsWithRequiredAntiAffinity];
        UsedPorts = [.. other.UsedPorts];
        Requested = other.Requested.Clone();
        NonZeroRequested = other.NonZeroRequested.Clone();
        Allocatable = other.Allocatable.Clone();
        Generation = other.Generation;
    }

    public NodeInfo Clone() => new()
    {
        Node = Node,
        Name = Name,
        Unschedulable = Unschedulable,
        Taints = Taints,
        Pods = [.. Pods],
        PodsWithAffinity = [.. PodsWithAffinity],
        PodsWithRequiredAntiAffinity = [.. PodsWithRequiredAntiAffinity],
        UsedPorts = [.. UsedPorts],
        Requested = Requested.Clone(),
        NonZeroRequested = NonZeroRequested.Clone(),
        Allocatable = Allocatable.Clone(),
        Generation = Generation,
    };
}
