namespace KubeSharp.Kubelet.PodWorkers;

/// <summary>The lifecycle of a pod on the node, as upstream's pod workers track it; it only moves forward.</summary>
internal enum PodWorkerState
{
    /// <summary>Running the pod: SyncPod brings the runtime in line with the spec.</summary>
    Syncing,

    /// <summary>Stopping the pod's containers: SyncTerminatingPod.</summary>
    Terminating,

    /// <summary>Containers stopped: SyncTerminatedPod releases volumes and lets the status manager finish.</summary>
    Terminated,
}
