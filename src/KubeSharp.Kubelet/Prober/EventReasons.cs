namespace KubeSharp.Kubelet.Prober;

/// <summary>Upstream's event reasons for probes (pkg/kubelet/events).</summary>
internal static class EventReasons
{
    public const string Unhealthy = "Unhealthy";
    public const string ProbeWarning = "ProbeWarning";
}
