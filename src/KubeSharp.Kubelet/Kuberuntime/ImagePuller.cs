using Grpc.Core;
using k8s.Models;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>
/// Makes sure a container's image is on the node according to its imagePullPolicy (upstream's imageManager.EnsureImageExists),
/// with a back-off per pod and image after failed pulls.
/// </summary>
internal sealed class ImagePuller(IImageService images, IPodEvents events, TimeProvider time, ContainerBackOff backOff)
{
    public const string ErrImagePull = "ErrImagePull";
    public const string ImagePullBackOff = "ImagePullBackOff";
    public const string ErrImageNeverPull = "ErrImageNeverPull";

    /// <summary>The image reference to create the container from, and the image's details; throws <see cref="ContainerStartException"/>.</summary>
    public async Task<(string ImageRef, Image? Info)> EnsureImageExistsAsync(V1Pod pod, V1Container container, IReadOnlyList<V1Secret> pullSecrets,
        PodSandboxConfig sandboxConfig, CancellationToken cancellationToken)
    {
        var image = WithDefaultTag(container.Image ?? "");
        var spec = new ImageSpec { Image = image, UserSpecifiedImage = container.Image ?? "" };
        var present = await images.ImageStatusAsync(spec, cancellationToken).ConfigureAwait(false);
        if (!ShouldPull(container, image, present is not null))
        {
            if (present is not null)
            {
                events.Event(pod, "Normal", "Pulled", $"Container image \"{container.Image}\" already present on machine");
                return (present.Id, present);
            }

            var never = $"Container image \"{container.Image}\" is not present with pull policy of Never";
            events.Event(pod, "Warning", ErrImageNeverPull, never);
            throw new ContainerStartException(ErrImageNeverPull, never);
        }

        var key = $"{pod.Metadata.Uid}/{image}";
        if (backOff.IsInBackOffSince(key, time.GetUtcNow()))
        {
            var message = $"Back-off pulling image \"{container.Image}\"";
            events.Event(pod, "Normal", "BackOff", message);
            throw new ContainerStartException(ImagePullBackOff, message);
        }

        events.Event(pod, "Normal", "Pulling", $"Pulling image \"{container.Image}\"");
        var started = time.GetTimestamp();
        string? imageRef = null;
        var failures = new List<RpcException>();
        // Each matching credential in turn, as upstream's kubelet does; none at all means an anonymous pull.
        IReadOnlyList<AuthConfig?> auths = PullSecrets.AuthsFor(image, pullSecrets);
        foreach (var auth in auths.Count > 0 ? auths : [null])
        {
            try
            {
                imageRef = await images.PullImageAsync(spec, auth, sandboxConfig, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (RpcException e)
            {
                failures.Add(e);
            }
        }

        if (imageRef is null)
        {
            // Worded as apimachinery's aggregate error: one message alone, several in brackets.
            var detail = failures.Count == 1 ? failures[0].Status.Detail : "[" + string.Join(", ", failures.Select(f => f.Status.Detail)) + "]";
            backOff.Next(key, time.GetUtcNow());
            events.Event(pod, "Warning", "Failed", $"Failed to pull image \"{container.Image}\": {detail}");
            throw new ContainerStartException(ErrImagePull, detail, failures[^1]);
        }

        backOff.Reset(key);
        events.Event(pod, "Normal", "Pulled",
            $"Successfully pulled image \"{container.Image}\" in {GoDuration.Format(time.GetElapsedTime(started))}");
        var info = await images.ImageStatusAsync(new ImageSpec { Image = imageRef }, cancellationToken).ConfigureAwait(false);
        return (imageRef, info);
    }

    /// <summary>Adds ":latest" to a reference with neither tag nor digest, as the runtime would.</summary>
    public static string WithDefaultTag(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return image;
        }

        var lastPart = image[(image.LastIndexOf('/') + 1)..];
        return lastPart.Contains(':', StringComparison.Ordinal) ? image : image + ":latest";
    }

    private static bool ShouldPull(V1Container container, string image, bool present)
    {
        var policy = container.ImagePullPolicy ?? (image.EndsWith(":latest", StringComparison.Ordinal) ? "Always" : "IfNotPresent");
        return policy switch
        {
            "Never" => false,
            "Always" => true,
            _ => !present,
        };
    }
}
