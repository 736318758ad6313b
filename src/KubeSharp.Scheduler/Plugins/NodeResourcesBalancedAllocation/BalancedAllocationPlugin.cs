using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.NodeResourcesBalancedAllocation;

/// <summary>Prefers nodes whose cpu and memory would be used in equal proportion once the pod is placed.</summary>
internal sealed class BalancedAllocationPlugin : IPreScorePlugin, IScorePlugin
{
    public const string PluginName = "NodeResourcesBalancedAllocation";

    public string Name => PluginName;

    public Status? PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes) =>
        pod.Requests.MilliCpu == 0 && pod.Requests.Memory == 0 ? Status.Skip : null;

    public long Score(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var allocatable = nodeInfo.Allocatable;
        Span<double> fractions = stackalloc double[2];
        var count = 0;
        if (allocatable.MilliCpu > 0)
        {
            fractions[count++] = Math.Min(1.0, (double)(nodeInfo.Requested.MilliCpu + pod.Requests.MilliCpu) / allocatable.MilliCpu);
        }
        if (allocatable.Memory > 0)
        {
            fractions[count++] = Math.Min(1.0, (double)(nodeInfo.Requested.Memory + pod.Requests.Memory) / allocatable.Memory);
        }
        var std = count == 2 ? Math.Abs((fractions[0] - fractions[1]) / 2) : 0;
        return (long)((1 - std) * IScorePlugin.MaxNodeScore);
    }

    public void NormalizeScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
    }
}
