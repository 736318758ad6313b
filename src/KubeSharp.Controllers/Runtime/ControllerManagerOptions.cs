namespace KubeSharp.Controllers.Runtime;

/// <summary>Settings of the controller manager, with upstream's defaults.</summary>
internal sealed class ControllerManagerOptions
{
    /// <summary>Workers per controller (upstream's --concurrent-*-syncs are 5 for most; 2 cores here).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Informer resync period (upstream's --min-resync-period is 12 h; controllers don't need resync to be correct).</summary>
    public TimeSpan Resync { get; init; } = TimeSpan.FromHours(12);

    /// <summary>How long a node may stay silent before it is NotReady/Unknown (upstream's --node-monitor-grace-period).</summary>
    public TimeSpan NodeMonitorGracePeriod { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>The cluster CA (PEM) published in every namespace as ConfigMap kube-root-ca.crt.</summary>
    public string RootCaPem { get; init; } = "";

    /// <summary>Leader election: only one controller manager acts when several servers share a store.</summary>
    public bool LeaderElect { get; init; } = true;

    /// <summary>The range pod IPs come from; each node gets a part of it (upstream's --cluster-cidr; k3s' default).</summary>
    public string ClusterCidr { get; init; } = "10.42.0.0/16";

    /// <summary>Size of each node's pod CIDR (upstream's --node-cidr-mask-size, 24 for IPv4).</summary>
    public int NodeCidrMaskSize { get; init; } = 24;

}
