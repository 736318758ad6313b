namespace KubeSharp.Kubelet.PodWorkers;

/// <summary>Why a pod worker is asked to act (upstream's SyncPodType).</summary>
internal enum PodUpdateType
{
    /// <summary>The pod appeared on this node.</summary>
    Create,

    /// <summary>The pod object changed.</summary>
    Update,

    /// <summary>Resync: something on the node changed (PLEG, probes) or the periodic resync came due.</summary>
    Sync,

    /// <summary>The pod is gone from the API server: stop it.</summary>
    Kill,
}
