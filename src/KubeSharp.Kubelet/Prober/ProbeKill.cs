namespace KubeSharp.Kubelet.Prober;

/// <summary>
/// A container the probes condemned: <see cref="Message"/> is upstream's Killing event text ("Container x failed
/// liveness probe, will be restarted"), <see cref="GracePeriodSeconds"/> the stop timeout (the probe's own
/// terminationGracePeriodSeconds when set), <see cref="Restart"/> whether the pod's restart policy restarts it.
/// </summary>
internal sealed record ProbeKill(ProbeType Type, string Message, long GracePeriodSeconds, bool Restart);
