namespace KubeSharp.Kubelet.PodWorkers;

/// <summary>How often a pod worker syncs without being asked.</summary>
internal sealed record PodWorkersOptions
{
    /// <summary>Resync of a healthy pod (upstream 1 min).</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Retry of a pod whose sync failed, e.g. a container in back-off (upstream 10 s).</summary>
    public TimeSpan BackOffPeriod { get; init; } = TimeSpan.FromSeconds(10);
}
