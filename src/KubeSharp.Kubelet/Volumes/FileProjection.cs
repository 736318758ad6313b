namespace KubeSharp.Kubelet.Volumes;

/// <summary>One file of an atomically written volume: its content and permission bits.</summary>
internal sealed record FileProjection(byte[] Data, UnixFileMode Mode);
