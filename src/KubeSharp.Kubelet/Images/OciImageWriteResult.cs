namespace KubeSharp.Kubelet.Images;

/// <summary>What <see cref="OciImageWriter"/> wrote: digests are "sha256:&lt;hex&gt;".</summary>
internal sealed record OciImageWriteResult(ImageReference Reference, string ManifestDigest, string ConfigDigest, string LayerDigest, string LayerDiffId);
