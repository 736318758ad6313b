using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>
/// What the node status reports from the node itself: the runtime's version, its images, whether it is ready, and the
/// conditions whose eviction thresholds are met (MemoryPressure, DiskPressure, PIDPressure).
/// </summary>
internal sealed record NodeRuntimeState(string RuntimeVersion, IReadOnlyList<Image> Images, string? NotReadyMessage)
{
    public IReadOnlySet<string> Pressures { get; init; } = new HashSet<string>();
}
