namespace KubeSharp.Kubelet.Pleg;

/// <summary>Something happened to a container (or sandbox) of a pod on the node.</summary>
internal sealed record PodLifecycleEvent(string PodUid, PodLifecycleEventType Type, string ContainerId);
