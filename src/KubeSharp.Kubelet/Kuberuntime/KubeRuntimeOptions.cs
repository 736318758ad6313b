namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>Node-side settings of the runtime manager.</summary>
internal sealed record KubeRuntimeOptions
{
    /// <summary>The agent's directory (<c>&lt;data-dir&gt;/agent</c>): pods/ and logs/pods/ live under it.</summary>
    public required string RootDirectory { get; init; }

    public string PodsDirectory => Path.Combine(RootDirectory, "pods");

    public string PodLogsDirectory => Path.Combine(RootDirectory, "logs", "pods");

    /// <summary>The node's address: the pod IP of hostNetwork pods and the default host of httpGet hooks on them.</summary>
    public string NodeIp { get; init; } = "127.0.0.1";

    /// <summary>Cluster DNS servers for dnsPolicy ClusterFirst; none means pods get the node's resolv.conf.</summary>
    public IReadOnlyList<string> ClusterDns { get; init; } = [];

    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>The node's resolver configuration, used by dnsPolicy Default.</summary>
    public string ResolvConf { get; init; } = "/etc/resolv.conf";

    /// <summary>
    /// The cgroup under which pod cgroups are made (upstream's cgroupfs layout <c>/kubepods/&lt;qos&gt;/pod&lt;uid&gt;</c>);
    /// null leaves the runtime's default parent.
    /// </summary>
    public string? CgroupRoot { get; init; }

    /// <summary>The CRI runtime handler (RuntimeClass handler) for sandboxes; empty is the runtime's default.</summary>
    public string RuntimeHandler { get; init; } = "";

    /// <summary>First delay of the crash-loop back-off (upstream 10 s), doubled up to <see cref="CrashLoopBackOffMax"/>.</summary>
    public TimeSpan CrashLoopBackOffInitial { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan CrashLoopBackOffMax { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan ImagePullBackOffInitial { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ImagePullBackOffMax { get; init; } = TimeSpan.FromMinutes(5);
}
