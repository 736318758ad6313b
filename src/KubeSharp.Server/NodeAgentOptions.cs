namespace KubeSharp.Server;

/// <summary>The node agent's settings (k3s' agent flags), for `kubesharp agent` and the agent inside `kubesharp server`.</summary>
internal sealed class NodeAgentOptions
{
    /// <summary>The agent's data dir (<c>&lt;data-dir&gt;/agent</c>): containerd's state, images, pods, logs, credentials.</summary>
    public required string DataDir { get; init; }

    /// <summary>The node's name; the machine's host name (lower-cased) by default.</summary>
    public required string NodeName { get; init; }

    /// <summary>The node's InternalIP; also the address the kubelet's server listens on.</summary>
    public required string NodeIp { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Taints in kubectl's form <c>key[=value]:Effect</c>.</summary>
    public IReadOnlyList<string> Taints { get; init; } = [];

    /// <summary>An existing CRI endpoint (unix socket); when null the agent starts its own containerd.</summary>
    public string? ContainerRuntimeEndpoint { get; init; }

    /// <summary>Registries (host:port) pulled from over plain HTTP.</summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    /// <summary>The kubelet server's port (logs, exec, attach, port-forward, stats).</summary>
    public int KubeletPort { get; init; } = 10250;

    /// <summary>The server node carries the control-plane role label, as in k3s.</summary>
    public bool ControlPlane { get; init; }

    /// <summary>Hard eviction thresholds (<c>--eviction-hard</c>), upstream's defaults unless given.</summary>
    public IReadOnlyList<Kubelet.Nodes.EvictionThreshold> EvictionHard { get; init; } = Kubelet.Nodes.EvictionThreshold.ParseList(Kubelet.Nodes.EvictionThreshold.Defaults);
}
