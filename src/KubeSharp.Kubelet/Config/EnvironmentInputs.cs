using k8s.Models;

namespace KubeSharp.Kubelet.Config;

/// <summary>What the kubelet knows besides the pod: its sandbox IPs, the node's IPs and the node's allocatable resources.</summary>
/// <param name="PodIps">The sandbox IPs, primary first (empty before the sandbox exists).</param>
/// <param name="HostIps">The node's IPs, primary first; empty falls back to the pod's status.hostIPs.</param>
/// <param name="NodeAllocatable">Used as the limit of a resourceFieldRef whose container sets none.</param>
internal sealed record EnvironmentInputs(
    IReadOnlyList<string> PodIps,
    IReadOnlyList<string> HostIps,
    IReadOnlyDictionary<string, ResourceQuantity> NodeAllocatable)
{
    /// <summary>No IPs known and no allocatable resources.</summary>
    public static EnvironmentInputs Empty { get; } = new([], [], new Dictionary<string, ResourceQuantity>());
}
