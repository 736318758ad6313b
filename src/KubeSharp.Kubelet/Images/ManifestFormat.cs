namespace KubeSharp.Kubelet.Images;

/// <summary>How <see cref="RegistryPusher"/> writes a manifest to a registry.</summary>
internal enum ManifestFormat
{
    /// <summary>Docker image manifest v2 schema 2: served by every registry version to every client.</summary>
    Docker,

    /// <summary>The OCI manifest exactly as in the layout (same digest as the imported image).</summary>
    Oci,
}
