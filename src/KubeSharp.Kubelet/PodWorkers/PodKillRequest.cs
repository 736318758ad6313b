namespace KubeSharp.Kubelet.PodWorkers;

/// <summary>
/// The kubelet ends a pod by itself (upstream's KillPodOptions): its containers stop within the override grace period
/// (the pod's own when null) and its final status is Failed with this reason and message; <see cref="DisruptionTarget"/>
/// adds the DisruptionTarget condition (reason TerminationByKubelet), as for evictions.
/// </summary>
internal sealed record PodKillRequest(string Reason, string Message, long? GracePeriodOverride, bool DisruptionTarget);
