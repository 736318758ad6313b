using Grpc.Core;
using Grpc.Net.Client;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Cri;

/// <summary>Both CRI services over one gRPC channel to the runtime's socket.</summary>
internal sealed class CriClient : IRuntimeService, IImageService, IDisposable
{
    private readonly GrpcChannel channel;
    private readonly RuntimeService.RuntimeServiceClient runtime;
    private readonly ImageService.ImageServiceClient images;

    public CriClient(string endpoint)
    {
        channel = CriChannel.Create(endpoint);
        runtime = new RuntimeService.RuntimeServiceClient(channel);
        images = new ImageService.ImageServiceClient(channel);
    }

    public string Endpoint => channel.Target;

    public void Dispose() => channel.Dispose();

    public async Task<VersionResponse> VersionAsync(CancellationToken cancellationToken) =>
        await runtime.VersionAsync(new VersionRequest { Version = "v1" }, cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task<StatusResponse> StatusAsync(CancellationToken cancellationToken) =>
        await runtime.StatusAsync(new StatusRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task<string> RunPodSandboxAsync(PodSandboxConfig config, string runtimeHandler, CancellationToken cancellationToken) =>
        (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config, RuntimeHandler = runtimeHandler }, cancellationToken: cancellationToken)
            .ConfigureAwait(false)).PodSandboxId;

    public async Task StopPodSandboxAsync(string podSandboxId, CancellationToken cancellationToken) =>
        await runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = podSandboxId }, cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task RemovePodSandboxAsync(string podSandboxId, CancellationToken cancellationToken) =>
        await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podSandboxId }, cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task<PodSandboxStatus> PodSandboxStatusAsync(string podSandboxId, CancellationToken cancellationToken) =>
        (await runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = podSandboxId }, cancellationToken: cancellationToken)
            .ConfigureAwait(false)).Status;

    public async Task<IReadOnlyList<PodSandbox>> ListPodSandboxAsync(PodSandboxFilter? filter, CancellationToken cancellationToken) =>
        (await runtime.ListPodSandboxAsync(new ListPodSandboxRequest { Filter = filter }, cancellationToken: cancellationToken).ConfigureAwait(false)).Items;

    public async Task<string> CreateContainerAsync(string podSandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig, CancellationToken cancellationToken) =>
        (await runtime.CreateContainerAsync(
            new CreateContainerRequest { PodSandboxId = podSandboxId, Config = config, SandboxConfig = sandboxConfig },
            cancellationToken: cancellationToken).ConfigureAwait(false)).ContainerId;

    public async Task StartContainerAsync(string containerId, CancellationToken cancellationToken) =>
        await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = containerId }, cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task StopContainerAsync(string containerId, long timeoutSeconds, CancellationToken cancellationToken) =>
        await runtime.StopContainerAsync(new StopContainerRequest { ContainerId = containerId, Timeout = timeoutSeconds }, cancellationToken: cancellationToken)
            .ConfigureAwait(false);

    public async Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken) =>
        await runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = containerId }, cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<Container>> ListContainersAsync(ContainerFilter? filter, CancellationToken cancellationToken) =>
        (await runtime.ListContainersAsync(new ListContainersRequest { Filter = filter }, cancellationToken: cancellationToken).ConfigureAwait(false)).Containers;

    public async Task<ContainerStatus> ContainerStatusAsync(string containerId, CancellationToken cancellationToken) =>
        (await runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = containerId }, cancellationToken: cancellationToken)
            .ConfigureAwait(false)).Status;

    public async Task UpdateContainerResourcesAsync(string containerId, LinuxContainerResources resources, CancellationToken cancellationToken) =>
        await runtime.UpdateContainerResourcesAsync(
            new UpdateContainerResourcesRequest { ContainerId = containerId, Linux = resources }, cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task ReopenContainerLogAsync(string containerId, CancellationToken cancellationToken) =>
        await runtime.ReopenContainerLogAsync(new ReopenContainerLogRequest { ContainerId = containerId }, cancellationToken: cancellationToken)
            .ConfigureAwait(false);

    public async Task<ExecSyncResponse> ExecSyncAsync(string containerId, IReadOnlyList<string> command, long timeoutSeconds, CancellationToken cancellationToken)
    {
        var request = new ExecSyncRequest { ContainerId = containerId, Timeout = timeoutSeconds };
        request.Cmd.AddRange(command);
        return await runtime.ExecSyncAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> ExecAsync(ExecRequest request, CancellationToken cancellationToken) =>
        (await runtime.ExecAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false)).Url;

    public async Task<string> AttachAsync(AttachRequest request, CancellationToken cancellationToken) =>
        (await runtime.AttachAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false)).Url;

    public async Task<string> PortForwardAsync(string podSandboxId, IReadOnlyList<int> ports, CancellationToken cancellationToken)
    {
        var request = new PortForwardRequest { PodSandboxId = podSandboxId };
        request.Port.AddRange(ports);
        return (await runtime.PortForwardAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false)).Url;
    }

    public async Task<ContainerStats?> ContainerStatsAsync(string containerId, CancellationToken cancellationToken) =>
        (await runtime.ContainerStatsAsync(new ContainerStatsRequest { ContainerId = containerId }, cancellationToken: cancellationToken)
            .ConfigureAwait(false)).Stats;

    public async Task<IReadOnlyList<ContainerStats>> ListContainerStatsAsync(ContainerStatsFilter? filter, CancellationToken cancellationToken) =>
        (await runtime.ListContainerStatsAsync(new ListContainerStatsRequest { Filter = filter }, cancellationToken: cancellationToken).ConfigureAwait(false)).Stats;

    public async Task<IReadOnlyList<PodSandboxStats>> ListPodSandboxStatsAsync(PodSandboxStatsFilter? filter, CancellationToken cancellationToken) =>
        (await runtime.ListPodSandboxStatsAsync(new ListPodSandboxStatsRequest { Filter = filter }, cancellationToken: cancellationToken).ConfigureAwait(false)).Stats;

    public async Task<IReadOnlyList<Image>> ListImagesAsync(CancellationToken cancellationToken) =>
        (await images.ListImagesAsync(new ListImagesRequest(), cancellationToken: cancellationToken).ConfigureAwait(false)).Images;

    public async Task<Image?> ImageStatusAsync(ImageSpec image, CancellationToken cancellationToken) =>
        (await images.ImageStatusAsync(new ImageStatusRequest { Image = image }, cancellationToken: cancellationToken).ConfigureAwait(false)).Image;

    public async Task<string> PullImageAsync(ImageSpec image, AuthConfig? auth, PodSandboxConfig? sandboxConfig, CancellationToken cancellationToken) =>
        (await images.PullImageAsync(new PullImageRequest { Image = image, Auth = auth, SandboxConfig = sandboxConfig }, cancellationToken: cancellationToken)
            .ConfigureAwait(false)).ImageRef;

    public async Task RemoveImageAsync(ImageSpec image, CancellationToken cancellationToken) =>
        await images.RemoveImageAsync(new RemoveImageRequest { Image = image }, cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<FilesystemUsage>> ImageFsInfoAsync(CancellationToken cancellationToken) =>
        (await images.ImageFsInfoAsync(new ImageFsInfoRequest(), cancellationToken: cancellationToken).ConfigureAwait(false)).ImageFilesystems;
}
