namespace KubeSharp.Kubelet.Pleg;

internal enum PodLifecycleEventType
{
    ContainerStarted,
    ContainerDied,
    ContainerRemoved,

    /// <summary>A sandbox or container changed otherwise (created, sandbox no longer ready).</summary>
    ContainerChanged,
}
