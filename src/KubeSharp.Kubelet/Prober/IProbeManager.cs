using k8s.Models;

namespace KubeSharp.Kubelet.Prober;

/// <summary>
/// Runs the liveness, readiness and startup probes of the pods on this node (upstream's prober manager): one worker per
/// container and probe, on its own period. Results reach the pod workers through the callback given at construction.
/// </summary>
internal interface IProbeManager
{
    /// <summary>Starts probe workers for a pod's containers (idempotent).</summary>
    void AddPod(V1Pod pod);

    /// <summary>Stops the pod's probe workers and forgets their results.</summary>
    void RemovePod(V1Pod pod);

    /// <summary>
    /// Gives the workers the pod's latest status (container ids, states, pod IP) and sets each container's
    /// <c>ready</c> and <c>started</c> in <paramref name="status"/> from the probe results, as upstream's UpdatePodStatus.
    /// </summary>
    void UpdatePodStatus(V1Pod pod, V1PodStatus status);

    /// <summary>The cached result of a probe for a container instance (upstream's results manager Get).</summary>
    bool TryGetResult(ProbeType type, string containerId, out ProbeResult result);

    /// <summary>
    /// Whether the pod worker must kill the container because its liveness or startup probe failed, with upstream's
    /// event message and grace period; null when the probes do not ask for a kill.
    /// </summary>
    ProbeKill? GetProbeKill(V1Pod pod, V1Container container, string containerId);
}
