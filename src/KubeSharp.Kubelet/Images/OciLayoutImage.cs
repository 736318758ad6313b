namespace KubeSharp.Kubelet.Images;

/// <summary>One image of an OCI layout tarball: its name (io.containerd.image.name), manifest and the blobs it names.</summary>
internal sealed record OciLayoutImage(ImageReference Reference, string ManifestDigest, byte[] Manifest, IReadOnlyDictionary<string, byte[]> Blobs);
