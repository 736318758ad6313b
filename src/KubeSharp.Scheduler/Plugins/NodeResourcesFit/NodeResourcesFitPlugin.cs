using System.Globalization;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.NodeResourcesFit;

/// <summary>
/// Checks the node has room for the pod's requests (cpu, memory, ephemeral storage, extended resources, pod count)
/// and scores with the LeastAllocated strategy over cpu and memory, weight 1 each.
/// </summary>
internal sealed class NodeResourcesFitPlugin : IFilterPlugin, IScorePlugin
{
    public const string PluginName = "NodeResourcesFit";

    public string Name => PluginName;

    public Status? Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var reasons = Fits(pod.Requests, nodeInfo, out var unresolvable);
        if (reasons is null)
        {
            return null;
        }
        return new Status(unresolvable ? StatusCode.UnschedulableAndUnresolvable : StatusCode.Unschedulable, [.. reasons]);
    }

    /// <summary>
    /// The reasons the pod does not fit, or null. A reason is unresolvable when the request exceeds the node's whole
    /// allocatable, so no eviction could make room.
    /// </summary>
    public static List<string>? Fits(Resource request, NodeInfo nodeInfo, out bool unresolvable)
    {
        List<string>? reasons = null;
        unresolvable = false;
        var allocatable = nodeInfo.Allocatable;
        var requested = nodeInfo.Requested;
        if (nodeInfo.Pods.Count + 1 > allocatable.AllowedPodNumber)
        {
            (reasons ??= []).Add("Too many pods");
        }
        if (request.IsZero)
        {
            return reasons;
        }
        if (request.MilliCpu > 0 && request.MilliCpu > allocatable.MilliCpu - requested.MilliCpu)
        {
            (reasons ??= []).Add("Insufficient cpu");
            unresolvable |= request.MilliCpu > allocatable.MilliCpu;
        }
        if (request.Memory > 0 && request.Memory > allocatable.Memory - requested.Memory)
        {
            (reasons ??= []).Add("Insufficient memory");
            unresolvable |= request.Memory > allocatable.Memory;
        }
        if (request.EphemeralStorage > 0 && request.EphemeralStorage > allocatable.EphemeralStorage - requested.EphemeralStorage)
        {
            (reasons ??= []).Add("Insufficient ephemeral-storage");
            unresolvable |= request.EphemeralStorage > allocatable.EphemeralStorage;
        }
        if (request.Scalar is not null)
        {
            foreach (var (name, quantity) in request.Scalar.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (quantity == 0)
                {
                    continue;
                }
                if (quantity > allocatable.GetScalar(name) - requested.GetScalar(name))
                {
                    (reasons ??= []).Add(string.Create(CultureInfo.InvariantCulture, $"Insufficient {name}"));
                    unresolvable |= quantity > allocatable.GetScalar(name);
                }
            }
        }
        return reasons;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var cpu = LeastRequested(nodeInfo.NonZeroRequested.MilliCpu + pod.NonZeroRequests.MilliCpu, nodeInfo.Allocatable.MilliCpu);
        var memory = LeastRequested(nodeInfo.NonZeroRequested.Memory + pod.NonZeroRequests.Memory, nodeInfo.Allocatable.Memory);
        return (cpu + memory) / 2;
    }

    public void NormalizeScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
    }

    private static long LeastRequested(long requested, long capacity) =>
        capacity == 0 || requested > capacity ? 0 : (capacity - requested) * IScorePlugin.MaxNodeScore / capacity;
}
