using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>
/// Resolves a container's environment (env, envFrom, downward API fields, service links) to the final list of variables.
/// Throwing (other than on cancellation) makes the container wait with CreateContainerConfigError and the exception's message.
/// </summary>
internal interface IContainerEnvironment
{
    Task<IReadOnlyList<KeyValue>> ResolveAsync(V1Pod pod, V1Container container, IReadOnlyList<string> podIps, CancellationToken cancellationToken);
}
