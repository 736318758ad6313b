namespace KubeSharp.Kubelet.Volumes;

/// <summary>The host directory (or file) backing each volume of a pod, by volume name.</summary>
internal sealed record PodVolumes(string PodUid, IReadOnlyDictionary<string, string> HostPaths)
{
    /// <summary>Volumes that are always mounted read-only (configMap, secret, projected, downwardAPI, and read-only claims), as upstream.</summary>
    public IReadOnlySet<string> ReadOnlyVolumes { get; init; } = new HashSet<string>();
}
