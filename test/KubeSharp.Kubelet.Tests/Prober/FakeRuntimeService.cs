using System.Collections.Concurrent;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Tests.Prober;

/// <summary>A runtime that answers exec and stats calls from the test; everything else is not needed here.</summary>
internal sealed class FakeRuntimeService : IRuntimeService
{
    public Func<string, IReadOnlyList<string>, long, Task<ExecSyncResponse>> ExecSync { get; set; } =
        (_, _, _) => Task.FromResult(new ExecSyncResponse { ExitCode = 0 });

    public ConcurrentQueue<(string ContainerId, string Command, long Timeout)> ExecCalls { get; } = new();

    public List<ContainerStats> ContainerStats { get; set; } = [];

    public List<Container> Containers { get; set; } = [];

    public List<PodSandbox> Sandboxes { get; set; } = [];

    /// <summary>Null makes ListPodSandboxStats unimplemented, as containerd 1.6.</summary>
    public List<PodSandboxStats>? SandboxStats { get; set; }

    public async Task<ExecSyncResponse> ExecSyncAsync(string containerId, IReadOnlyList<string> command, long timeoutSeconds, CancellationToken cancellationToken)
    {
        ExecCalls.Enqueue((containerId, string.Join(' ', command), timeoutSeconds));
        return await ExecSync(containerId, command, timeoutSeconds);
    }

    public Task<IReadOnlyList<ContainerStats>> ListContainerStatsAsync(ContainerStatsFilter? filter, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ContainerStats>>(ContainerStats.ToList());

    public Task<IReadOnlyList<PodSandboxStats>> ListPodSandboxStatsAsync(PodSandboxStatsFilter? filter, CancellationToken cancellationToken) =>
        SandboxStats is null
            ? throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unimplemented, "not implemented"))
            : Task.FromResult<IReadOnlyList<PodSandboxStats>>(SandboxStats.ToList());

    public Task<VersionResponse> VersionAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<StatusResponse> StatusAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string> RunPodSandboxAsync(PodSandboxConfig config, string runtimeHandler, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task StopPodSandboxAsync(string podSandboxId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RemovePodSandboxAsync(string podSandboxId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<PodSandboxStatus> PodSandboxStatusAsync(string podSandboxId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<PodSandbox>> ListPodSandboxAsync(PodSandboxFilter? filter, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PodSandbox>>(Sandboxes.ToList());

    public Task<string> CreateContainerAsync(string podSandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task StartContainerAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task StopContainerAsync(string containerId, long timeoutSeconds, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<Container>> ListContainersAsync(ContainerFilter? filter, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Container>>(Containers.ToList());

    public Task<ContainerStatus> ContainerStatusAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task UpdateContainerResourcesAsync(string containerId, LinuxContainerResources resources, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task ReopenContainerLogAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string> ExecAsync(ExecRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string> AttachAsync(AttachRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string> PortForwardAsync(string podSandboxId, IReadOnlyList<int> ports, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ContainerStats?> ContainerStatsAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();
}
