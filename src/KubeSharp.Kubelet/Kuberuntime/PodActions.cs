namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>What a sync must do to bring the runtime in line with the pod spec (upstream's podActions).</summary>
internal sealed class PodActions
{
    /// <summary>Stop every container and the sandbox (because the sandbox must be recreated, or the pod is done).</summary>
    public bool KillPod { get; set; }

    public bool CreateSandbox { get; set; }

    /// <summary>The sandbox to reuse when none is created.</summary>
    public string? SandboxId { get; set; }

    /// <summary>The attempt number of the sandbox to create.</summary>
    public uint Attempt { get; set; }

    /// <summary>Indexes into spec.initContainers to start, in order (one regular init container, or sidecars).</summary>
    public List<int> InitContainersToStart { get; } = [];

    /// <summary>Indexes into spec.containers to start.</summary>
    public List<int> ContainersToStart { get; } = [];

    public List<ContainerToKill> ContainersToKill { get; } = [];
}
