using System.Globalization;
using k8s.Models;
using KubeSharp.Kubelet.Kuberuntime;
using KubeSharp.Kubelet.Nodes;
using KubeSharp.Kubelet.PodWorkers;
using KubeSharp.Kubelet.Status;

namespace KubeSharp.Kubelet.Eviction;

/// <summary>
/// Upstream's eviction manager for hard thresholds: every monitoring interval it observes the node's signals, and while a
/// threshold is met it evicts one pod per interval — BestEffort before Burstable before Guaranteed, lower priority first,
/// newest first (upstream ranks by usage above requests; QoS stands in for it here) — never a critical pod (static,
/// mirror, or priority of system-cluster-critical and up). The evicted pod stops within one second and ends Failed with
/// reason Evicted and a DisruptionTarget condition; its controller replaces it elsewhere. Each pass also records which
/// node conditions are under pressure, for the node status and pod admission (upstream's IsUnderMemoryPressure and kin).
/// </summary>
internal sealed class EvictionManager(
    Func<CancellationToken, Task<NodeSignals>> observe,
    IReadOnlyList<EvictionThreshold> thresholds,
    Func<IEnumerable<V1Pod>> activePods,
    PodKills kills,
    Action<V1Pod> resync,
    IPodEvents events)
{
    public const string Reason = "Evicted";
    private const int SystemCriticalPriority = 2_000_000_000;
    private const long ImmediateGracePeriodSeconds = 1;

    private volatile IReadOnlySet<string> _pressures = new HashSet<string>();

    /// <summary>The node conditions under pressure at the last pass (MemoryPressure, DiskPressure, PIDPressure).</summary>
    public IReadOnlySet<string> Pressures => _pressures;

    /// <summary>One pass; the evicted pod, or null when no threshold is met or nothing may be evicted.</summary>
    public async Task<V1Pod?> SynchronizeAsync(CancellationToken cancellationToken)
    {
        var signals = await observe(cancellationToken).ConfigureAwait(false);
        _pressures = signals.Pressures(thresholds);
        var met = signals.Met(thresholds).FirstOrDefault();
        if (met is null)
        {
            return null;
        }

        var victim = Rank(activePods().Where(p => !IsCritical(p) && kills.Get(p.Metadata.Uid) is null)).FirstOrDefault();
        if (victim is null)
        {
            return null;
        }

        var message = Message(met, signals.Observed[met.Signal]);
        if (kills.Request(victim.Metadata.Uid, new PodKillRequest(Reason, message, ImmediateGracePeriodSeconds, DisruptionTarget: true)))
        {
            events.Event(victim, "Warning", Reason, message);
            resync(victim);
        }

        return victim;
    }

    public static IEnumerable<V1Pod> Rank(IEnumerable<V1Pod> pods) =>
        pods.OrderBy(p => SandboxConfigBuilder.QosClass(p) switch { "BestEffort" => 0, "Burstable" => 1, _ => 2 })
            .ThenBy(p => p.Spec.Priority ?? 0)
            .ThenByDescending(p => p.Status?.StartTime ?? p.Metadata.CreationTimestamp ?? DateTime.MinValue);

    public static bool IsCritical(V1Pod pod) =>
        (pod.Spec.Priority ?? 0) >= SystemCriticalPriority
        || pod.Metadata.Annotations?.ContainsKey("kubernetes.io/config.mirror") == true
        || pod.Metadata.Annotations?.TryGetValue("kubernetes.io/config.source", out var source) == true && source != "api";

    /// <summary>Upstream's wording: the resource, the threshold as a quantity, and what was available.</summary>
    public static string Message(EvictionThreshold threshold, (long Available, long Capacity) observed)
    {
        var limit = threshold.Quantity ?? (long)(threshold.Percentage!.Value * observed.Capacity);
        return $"The node was low on resource: {threshold.Resource}. Threshold quantity: {Format(limit, threshold.CountsBytes)}, "
            + $"available: {Format(observed.Available, threshold.CountsBytes)}. ";
    }

    /// <summary>As resource.Quantity prints: bytes with the largest binary suffix that divides them (100Mi, 56760Ki).</summary>
    private static string Format(long value, bool bytes) =>
        bytes ? new ResourceQuantity(value, 0, ResourceQuantity.SuffixFormat.BinarySI).ToString() : value.ToString(CultureInfo.InvariantCulture);
}
