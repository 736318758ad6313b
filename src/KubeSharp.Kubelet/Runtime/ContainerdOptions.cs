using KubeSharp.Kubelet.Images;

namespace KubeSharp.Kubelet.Runtime;

/// <summary>How <see cref="ContainerdSupervisor"/> configures and runs containerd for one node agent.</summary>
internal sealed class ContainerdOptions
{
    /// <summary>The agent's data dir, &lt;data-dir&gt;/agent: containerd/ (root), run/ (state), images/ (airgap), etc/.</summary>
    public required string AgentDataDir { get; init; }

    /// <summary>The node's pod CIDR, handed to the bridge network's host-local IPAM.</summary>
    public string PodSubnet { get; init; } = "10.42.0.0/24";

    /// <summary>The Linux bridge pods attach to (at most 15 characters).</summary>
    public string BridgeName { get; init; } = "cni0";

    /// <summary>The CNI network name; the bridge plugin names its iptables rules after it.</summary>
    public string NetworkName { get; init; } = "kubesharp";

    public string SandboxImage { get; init; } = BuiltInImages.PauseReference;

    /// <summary>Mirrors and plain-HTTP or unverified registries (hosts.toml per registry).</summary>
    public IReadOnlyList<RegistryHost> Registries { get; init; } = [];

    /// <summary>
    /// An already running CRI runtime (--container-runtime-endpoint, e.g. unix:///run/containerd/containerd.sock):
    /// nothing is configured, started or imported, the endpoint is used as is.
    /// </summary>
    public string? ExternalEndpoint { get; init; }

    public string ContainerdPath { get; init; } = "containerd";

    public string CtrPath { get; init; } = "ctr";

    public string RuncPath { get; init; } = "runc";

    public string CniBinDir { get; init; } = "/usr/lib/cni";

    /// <summary>How long containerd may take until CRI reports RuntimeReady and NetworkReady.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a stopping containerd gets after SIGTERM before SIGKILL.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
