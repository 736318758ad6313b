namespace KubeSharp.Kubelet.Prober;

/// <summary>A probe result that changed: the pod worker resyncs the pod (and restarts the container on a liveness or startup failure).</summary>
internal sealed record ProbeUpdate(string PodUid, string ContainerName, string ContainerId, ProbeType Type, ProbeResult Result);
