using KubeSharp.Scheduler.Cache;

namespace KubeSharp.Scheduler.Framework;

/// <summary>What plugins may use of the framework: the cycle's snapshot and the filter runner.</summary>
internal interface IFrameworkHandle
{
    Snapshot Snapshot { get; }

    INominator Nominator { get; }

    Status? RunFilterPluginsWithNominatedPods(CycleState state, PodInfo pod, NodeInfo nodeInfo);

    Status? RunPreFilterExtensionAddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo);

    Status? RunPreFilterExtensionRemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo);
}
