namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>
/// A container could not be started this sync; <see cref="Reason"/> becomes its waiting reason (ErrImagePull,
/// ImagePullBackOff, ErrImageNeverPull, CreateContainerConfigError, CreateContainerError, RunContainerError, CrashLoopBackOff,
/// PostStartHookError).
/// </summary>
internal sealed class ContainerStartException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Reason { get; } = reason;
}
