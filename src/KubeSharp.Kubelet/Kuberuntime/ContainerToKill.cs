namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>A running container the plan stops, with the message of the Killing event and an optional reason.</summary>
internal sealed record ContainerToKill(string ContainerId, string Name, string Message, string? Reason);
