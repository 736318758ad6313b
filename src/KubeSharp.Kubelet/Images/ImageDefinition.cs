namespace KubeSharp.Kubelet.Images;

/// <summary>A single-layer image to write: its reference, the layer's entries and the runtime config.</summary>
internal sealed record ImageDefinition(ImageReference Reference, IReadOnlyList<LayerEntry> Entries)
{
    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public IReadOnlyList<string> Env { get; init; } = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"];

    public string WorkingDir { get; init; } = "/";

    /// <summary>Written into the config's history so an image says where it came from.</summary>
    public string CreatedBy { get; init; } = "kubesharp images";
}
