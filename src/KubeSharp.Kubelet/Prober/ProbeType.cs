namespace KubeSharp.Kubelet.Prober;

internal enum ProbeType
{
    Liveness,
    Readiness,
    Startup,
}
