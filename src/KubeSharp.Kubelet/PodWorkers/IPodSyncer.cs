using k8s.Models;

namespace KubeSharp.Kubelet.PodWorkers;

/// <summary>The three sync functions the pod workers call, one at a time per pod (upstream's podSyncer).</summary>
internal interface IPodSyncer
{
    /// <summary>Brings the pod to its desired state; true when the pod has reached a terminal phase and must stop.</summary>
    Task<bool> SyncPodAsync(V1Pod pod, CancellationToken cancellationToken);

    /// <summary>Stops every container of the pod within the grace period (the pod's own one when null).</summary>
    Task SyncTerminatingPodAsync(V1Pod pod, long? gracePeriodSeconds, CancellationToken cancellationToken);

    /// <summary>Releases what the stopped pod still holds on the node (volumes) and records it as terminated.</summary>
    Task SyncTerminatedPodAsync(V1Pod pod, CancellationToken cancellationToken);
}
