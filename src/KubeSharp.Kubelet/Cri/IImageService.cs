using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Cri;

/// <summary>The CRI image service (upstream's cri-api ImageManagerService interface).</summary>
internal interface IImageService
{
    Task<IReadOnlyList<Image>> ListImagesAsync(CancellationToken cancellationToken);

    /// <summary>The image if the runtime has it, else null.</summary>
    Task<Image?> ImageStatusAsync(ImageSpec image, CancellationToken cancellationToken);

    /// <summary>Pulls an image and returns its reference (the image id).</summary>
    Task<string> PullImageAsync(ImageSpec image, AuthConfig? auth, PodSandboxConfig? sandboxConfig, CancellationToken cancellationToken);

    Task RemoveImageAsync(ImageSpec image, CancellationToken cancellationToken);

    Task<IReadOnlyList<FilesystemUsage>> ImageFsInfoAsync(CancellationToken cancellationToken);
}
