using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Config;

/// <summary>A container's CRI environment and the warnings upstream records as events (reason InvalidEnvironmentVariableNames).</summary>
internal sealed record ContainerEnvironmentResult(IReadOnlyList<KeyValue> Variables, IReadOnlyList<string> Warnings);
