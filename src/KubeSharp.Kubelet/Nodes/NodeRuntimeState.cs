using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>What the container runtime says for the node status: its version, its images, and whether it is ready.</summary>
internal sealed record NodeRuntimeState(string RuntimeVersion, IReadOnlyList<Image> Images, string? NotReadyMessage);
