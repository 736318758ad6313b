namespace KubeSharp.Kubelet.Prober;

/// <summary>Identifies a probe worker: one per pod, container and probe type.</summary>
internal readonly record struct ProbeWorkerKey(string PodUid, string ContainerName, ProbeType Type);
