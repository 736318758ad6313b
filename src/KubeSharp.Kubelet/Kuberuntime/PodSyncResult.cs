namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>What went wrong in one runtime sync of a pod; empty when every planned step succeeded.</summary>
internal sealed class PodSyncResult
{
    public List<ContainerStartException> Errors { get; } = [];

    public bool Succeeded => Errors.Count == 0;

    public override string ToString() => string.Join("; ", Errors.Select(e => $"{e.Reason}: {e.Message}"));
}
