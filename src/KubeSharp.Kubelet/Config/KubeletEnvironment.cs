using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Kuberuntime;

namespace KubeSharp.Kubelet.Config;

/// <summary>The kubelet's container environment: the full resolver with this node's IPs and allocatable, its warnings as pod events.</summary>
internal sealed class KubeletEnvironment(
    ContainerEnvironment environment,
    IReadOnlyList<string> hostIps,
    IReadOnlyDictionary<string, ResourceQuantity> nodeAllocatable,
    IPodEvents events) : IContainerEnvironment
{
    public async Task<IReadOnlyList<KeyValue>> ResolveAsync(V1Pod pod, V1Container container, IReadOnlyList<string> podIps, CancellationToken cancellationToken)
    {
        var result = await environment.MakeEnvironmentAsync(pod, container, new EnvironmentInputs(podIps, hostIps, nodeAllocatable), cancellationToken)
            .ConfigureAwait(false);
        foreach (var warning in result.Warnings)
        {
            events.Event(pod, "Warning", "InvalidEnvironmentVariableNames", warning);
        }

        return result.Variables;
    }
}
