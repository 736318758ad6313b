namespace KubeSharp.Kubelet.Images;

/// <summary>
/// An image reference split as Docker normalises it: "busybox" is docker.io/library/busybox:latest, a first component
/// with a dot, a colon or "localhost" is a registry host.
/// </summary>
internal sealed record ImageReference(string Registry, string Repository, string Tag)
{
    public const string DockerHub = "docker.io";

    public static ImageReference Parse(string reference)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        var rest = reference;
        var registry = DockerHub;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var first = rest[..slash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            {
                registry = first;
                rest = rest[(slash + 1)..];
            }
        }

        // A colon after the last slash starts the tag; one before it belongs to a host:port.
        var tag = "latest";
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }

        if (registry == DockerHub && !rest.Contains('/', StringComparison.Ordinal))
        {
            rest = "library/" + rest;
        }

        if (rest.Length == 0 || tag.Length == 0)
        {
            throw new FormatException($"invalid image reference \"{reference}\"");
        }

        return new ImageReference(registry, rest, tag);
    }

    /// <summary>The same repository and tag on another registry (a copy pushed to a local registry).</summary>
    public ImageReference WithRegistry(string registry) => this with { Registry = registry };

    public override string ToString() => $"{Registry}/{Repository}:{Tag}";
}
