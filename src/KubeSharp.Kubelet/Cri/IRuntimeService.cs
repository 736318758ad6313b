using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Cri;

/// <summary>
/// The CRI runtime service as the kubelet sees it (upstream's cri-api RuntimeService interface): pod sandboxes,
/// containers, exec/attach/port-forward URLs and stats. Failures surface as <see cref="Grpc.Core.RpcException"/>
/// with the runtime's status code (NotFound for an unknown id).
/// </summary>
internal interface IRuntimeService
{
    Task<VersionResponse> VersionAsync(CancellationToken cancellationToken);

    Task<StatusResponse> StatusAsync(CancellationToken cancellationToken);

    Task<string> RunPodSandboxAsync(PodSandboxConfig config, string runtimeHandler, CancellationToken cancellationToken);

    Task StopPodSandboxAsync(string podSandboxId, CancellationToken cancellationToken);

    Task RemovePodSandboxAsync(string podSandboxId, CancellationToken cancellationToken);

    Task<PodSandboxStatus> PodSandboxStatusAsync(string podSandboxId, CancellationToken cancellationToken);

    Task<IReadOnlyList<PodSandbox>> ListPodSandboxAsync(PodSandboxFilter? filter, CancellationToken cancellationToken);

    Task<string> CreateContainerAsync(string podSandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig, CancellationToken cancellationToken);

    Task StartContainerAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Stops a container: the stop signal, then SIGKILL after <paramref name="timeoutSeconds"/>.</summary>
    Task StopContainerAsync(string containerId, long timeoutSeconds, CancellationToken cancellationToken);

    Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Container>> ListContainersAsync(ContainerFilter? filter, CancellationToken cancellationToken);

    Task<ContainerStatus> ContainerStatusAsync(string containerId, CancellationToken cancellationToken);

    Task UpdateContainerResourcesAsync(string containerId, LinuxContainerResources resources, CancellationToken cancellationToken);

    Task ReopenContainerLogAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Runs a command in a container and waits for it; <paramref name="timeoutSeconds"/> 0 means no limit.</summary>
    Task<ExecSyncResponse> ExecSyncAsync(string containerId, IReadOnlyList<string> command, long timeoutSeconds, CancellationToken cancellationToken);

    /// <summary>The runtime's streaming-server URL for an interactive exec.</summary>
    Task<string> ExecAsync(ExecRequest request, CancellationToken cancellationToken);

    Task<string> AttachAsync(AttachRequest request, CancellationToken cancellationToken);

    Task<string> PortForwardAsync(string podSandboxId, IReadOnlyList<int> ports, CancellationToken cancellationToken);

    Task<ContainerStats?> ContainerStatsAsync(string containerId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ContainerStats>> ListContainerStatsAsync(ContainerStatsFilter? filter, CancellationToken cancellationToken);

    Task<IReadOnlyList<PodSandboxStats>> ListPodSandboxStatsAsync(PodSandboxStatsFilter? filter, CancellationToken cancellationToken);
}
