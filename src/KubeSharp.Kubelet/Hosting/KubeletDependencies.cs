using KubeSharp.Kubelet.Kuberuntime;
using KubeSharp.Kubelet.Nodes;
using KubeSharp.Kubelet.Prober;
using KubeSharp.Kubelet.Sources;
using KubeSharp.Kubelet.Volumes;

namespace KubeSharp.Kubelet.Hosting;

/// <summary>The kubelet's pluggable parts; each may be left null (no volumes, no probes, literal env only, no pull secrets).</summary>
internal sealed record KubeletDependencies
{
    public IVolumeManager? Volumes { get; init; }

    /// <summary>Builds the probe manager given the callback through which it reports changed results and the kubelet's event sink.</summary>
    public Func<Action<ProbeUpdate>, IProbeEventSink, IProbeManager>? ProbeManagerFactory { get; init; }

    public IPodObjectSource? Objects { get; init; }

    public IContainerEnvironment? Environment { get; init; }

    /// <summary>The node's machine, when the caller has read it already; read from the data dir otherwise.</summary>
    public MachineInfo? Machine { get; init; }
}
