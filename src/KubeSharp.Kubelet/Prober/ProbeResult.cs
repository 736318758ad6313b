namespace KubeSharp.Kubelet.Prober;

internal enum ProbeResult
{
    Unknown,
    Success,
    Failure,
}
