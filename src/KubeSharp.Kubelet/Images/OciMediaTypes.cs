namespace KubeSharp.Kubelet.Images;

/// <summary>Media types of the OCI image spec and their Docker schema2 equivalents (for registries that serve only those).</summary>
internal static class OciMediaTypes
{
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string ImageConfig = "application/vnd.oci.image.config.v1+json";
    public const string LayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";

    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /// <summary>The annotation containerd's importer names an image by (full reference).</summary>
    public const string ContainerdImageNameAnnotation = "io.containerd.image.name";

    /// <summary>The OCI layout's reference annotation (by convention the tag).</summary>
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";
}
