namespace KubeSharp.Scheduler.Framework;

/// <summary>Runs when no node passed filtering (preemption).</summary>
internal interface IPostFilterPlugin : IPlugin
{
    (PostFilterResult? Result, Status? Status) PostFilter(CycleState state, PodInfo pod, NodeToStatus filteredNodeStatus);
}
