namespace KubeSharp.Kubelet.Config;

/// <summary>
/// A container's configuration cannot be generated yet (upstream's CreateContainerConfigError); the message is upstream's,
/// e.g. <c>configmap "x" not found</c> or <c>couldn't find key k in ConfigMap ns/x</c>.
/// </summary>
internal sealed class ContainerConfigException(string message, Exception? inner = null) : Exception(message, inner);
