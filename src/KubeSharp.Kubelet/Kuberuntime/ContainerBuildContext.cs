using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Volumes;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>What the container config needs besides the specs: the instance number, the pulled image, resolved env and host paths.</summary>
internal sealed record ContainerBuildContext(
    int RestartCount,
    string ImageRef,
    Image? ImageInfo,
    IReadOnlyList<KeyValue> Env,
    PodVolumes? Volumes,
    string? HostsFilePath,
    string? TerminationLogPath);
