namespace KubeSharp.Kubelet.Nodes;

/// <summary>How this node registers itself.</summary>
internal sealed record NodeOptions
{
    public required string NodeName { get; init; }

    /// <summary>The node's InternalIP address.</summary>
    public required string NodeIp { get; init; }

    /// <summary>Extra labels (<c>--node-label key=value</c>).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Taints in <c>key=value:Effect</c> or <c>key:Effect</c> form (<c>--node-taint</c>).</summary>
    public IReadOnlyList<string> Taints { get; init; } = [];

    /// <summary>A server (control-plane) node gets the node-role labels.</summary>
    public bool IsServer { get; init; }

    public string? PodCidr { get; init; }

    public int KubeletPort { get; init; } = 10250;

    public int MaxPods { get; init; } = 110;

    public string KubeletVersion { get; init; } = "v1.33.0-kubesharp";

    /// <summary>Status reports even when nothing changed, after this long (upstream's nodeStatusReportFrequency).</summary>
    public TimeSpan StatusReportFrequency { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the status is recomputed and the lease renewed.</summary>
    public TimeSpan StatusUpdateFrequency { get; init; } = TimeSpan.FromSeconds(10);
}
