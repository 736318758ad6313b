namespace KubeSharp.Scheduler.Framework;

/// <summary>Pods nominated to nodes by preemption, waiting for their victims to go.</summary>
internal interface INominator
{
    IReadOnlyList<PodInfo> NominatedPodsForNode(string nodeName);
}
