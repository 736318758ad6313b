namespace KubeSharp.Scheduler.Queue;

/// <summary>Cluster changes that may make unschedulable pods schedulable.</summary>
internal enum ClusterEvent
{
    NodeAdd,
    NodeUpdate,
    AssignedPodAdd,
    AssignedPodUpdate,
    AssignedPodDelete,
    UnschedulableTimeout,
}
