namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>The container's config cannot be made (CreateContainerConfigError); the message is shown in its waiting state.</summary>
internal sealed class ContainerConfigException(string message, Exception? inner = null) : Exception(message, inner);
