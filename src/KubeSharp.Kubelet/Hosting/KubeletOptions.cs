using KubeSharp.Kubelet.Nodes;

namespace KubeSharp.Kubelet.Hosting;

/// <summary>Settings of the node agent's kubelet. Defaults are upstream's.</summary>
internal sealed record KubeletOptions
{
    public required string NodeName { get; init; }

    /// <summary>The node's InternalIP; also the pod IP of hostNetwork pods.</summary>
    public required string NodeIp { get; init; }

    /// <summary>The agent's directory (<c>&lt;data-dir&gt;/agent</c>): pods/, logs/pods/ live under it.</summary>
    public required string DataDir { get; init; }

    /// <summary>The CRI endpoint (unix socket path), for the composer that builds the CRI client.</summary>
    public string RuntimeEndpoint { get; init; } = "";

    public IReadOnlyDictionary<string, string> NodeLabels { get; init; } = new Dictionary<string, string>();

    /// <summary><c>key=value:Effect</c> taints.</summary>
    public IReadOnlyList<string> NodeTaints { get; init; } = [];

    /// <summary>A server node also carries the control-plane role labels.</summary>
    public bool IsServer { get; init; }

    public string? PodCidr { get; init; }

    public IReadOnlyList<string> ClusterDns { get; init; } = [];

    public string ClusterDomain { get; init; } = "cluster.local";

    public string ResolvConf { get; init; } = "/etc/resolv.conf";

    /// <summary>Parent cgroup of pod cgroups (e.g. "/kubepods"); null leaves the runtime's default.</summary>
    public string? CgroupRoot { get; init; }

    public int KubeletPort { get; init; } = 10250;

    public int MaxPods { get; init; } = 110;

    /// <summary>Hard eviction thresholds (<c>--eviction-hard</c>); when one is met the node reports the matching pressure condition.</summary>
    public IReadOnlyList<EvictionThreshold> EvictionHard { get; init; } = EvictionThreshold.ParseList(EvictionThreshold.Defaults);

    /// <summary>Register and heartbeat the Node object (off for tests of pods alone).</summary>
    public bool RegisterNode { get; init; } = true;

    public TimeSpan NodeStatusUpdateFrequency { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan PlegRelistPeriod { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan PodResyncInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Retry of a failed pod sync (upstream 10 s).</summary>
    public TimeSpan PodBackOffPeriod { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan CrashLoopBackOffInitial { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan CrashLoopBackOffMax { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan HousekeepingPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the eviction manager checks the thresholds (upstream's 10 s monitoring interval).</summary>
    public TimeSpan EvictionMonitoringPeriod { get; init; } = TimeSpan.FromSeconds(10);
}
