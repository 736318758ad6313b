namespace KubeSharp.Kubelet.Images;

/// <summary>An image as pushed: the reference to pull it by and the manifest digest the registry stored.</summary>
internal sealed record PushedImage(ImageReference Reference, string ManifestDigest);
