namespace KubeSharp.Kubelet.Prober.Probes;

/// <summary>The result of one probe attempt (upstream's pkg/probe Result); Warning counts as success.</summary>
internal enum ProbeOutcomeKind
{
    Success,
    Warning,
    Failure,
}
