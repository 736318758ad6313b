using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>One container instance as the runtime reports it (upstream's kubecontainer.Status).</summary>
internal sealed record RuntimeContainer(
    string Id,
    string Name,
    string SandboxId,
    ContainerState State,
    int RestartCount,
    string Hash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int ExitCode,
    string? Reason,
    string? Message,
    string Image,
    string ImageRef)
{
    public bool IsRunning => State == ContainerState.ContainerRunning;
}
