namespace KubeSharp.Scheduler.Framework;

/// <summary>Keeps PreFilter state right when preemption or nominated pods add or remove pods on a node copy.</summary>
internal interface IPreFilterExtensions
{
    Status? AddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo);

    Status? RemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo);
}
