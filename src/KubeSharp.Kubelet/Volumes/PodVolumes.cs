namespace KubeSharp.Kubelet.Volumes;

/// <summary>The host directory (or file) backing each volume of a pod, by volume name.</summary>
internal sealed record PodVolumes(string PodUid, IReadOnlyDictionary<string, string> HostPaths);
