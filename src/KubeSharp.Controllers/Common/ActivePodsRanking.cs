using k8s.Models;

namespace KubeSharp.Controllers.Common;

/// <summary>
/// Upstream's ActivePodsWithRanks (with the default LogarithmicScaleDown and PodDeletionCost gates): the pods
/// preferred for deletion come first. Unassigned &lt; assigned; Pending &lt; Unknown &lt; Running; not ready &lt;
/// ready; lower deletion cost first; more pods on the same node first; ready for less time first; more restarts
/// first; newer first; ties in the same power-of-two age bucket broken by UID.
/// </summary>
internal static class ActivePodsRanking
{
    /// <summary>
    /// Orders <paramref name="pods"/> for deletion; each pod's rank is the number of active
    /// <paramref name="relatedPods"/> on its node (upstream getPodsRankedByRelatedPodsOnSameNode).
    /// </summary>
    public static IReadOnlyList<V1Pod> RankForDeletion(IReadOnlyList<V1Pod> pods, IReadOnlyList<V1Pod> relatedPods, DateTimeOffset now)
    {
        var onNode = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pod in relatedPods.Where(PodUtil.IsActive))
        {
            var node = pod.Spec?.NodeName ?? string.Empty;
            onNode[node] = onNode.GetValueOrDefault(node) + 1;
        }

        var ranked = pods.Select(p => (Pod: p, Rank: onNode.GetValueOrDefault(p.Spec?.NodeName ?? string.Empty))).ToList();
        return ranked.OrderBy(x => x, new Comparer(now)).Select(x => x.Pod).ToList();
    }

    /// <summary>Upstream getPodsToDelete: the first <paramref name="count"/> pods in deletion order.</summary>
    public static IReadOnlyList<V1Pod> PodsToDelete(IReadOnlyList<V1Pod> pods, IReadOnlyList<V1Pod> relatedPods, int count, DateTimeOffset now)
        => count >= pods.Count ? pods.ToList() : RankForDeletion(pods, relatedPods, now).Take(count).ToList();

    /// <summary>Negative when a should be deleted before b.</summary>
    public static int Compare(V1Pod a, int rankA, V1Pod b, int rankB, DateTimeOffset now)
    {
        var nodeA = a.Spec?.NodeName ?? string.Empty;
        var nodeB = b.Spec?.NodeName ?? string.Empty;
        if (nodeA != nodeB && (nodeA.Length == 0 || nodeB.Length == 0))
        {
            return nodeA.Length == 0 ? -1 : 1;
        }

        var phase = PhaseOrdinal(a).CompareTo(PhaseOrdinal(b));
        if (phase != 0)
        {
            return phase;
        }

        var readyA = PodUtil.IsReady(a);
        var readyB = PodUtil.IsReady(b);
        if (readyA != readyB)
        {
            return readyA ? 1 : -1;
        }

        var cost = PodUtil.DeletionCost(a).CompareTo(PodUtil.DeletionCost(b));
        if (cost != 0)
        {
            return cost;
        }

        if (rankA != rankB)
        {
            return rankA > rankB ? -1 : 1;
        }

        if (readyA && readyB)
        {
            var timeA = PodUtil.ReadyCondition(a)?.LastTransitionTime;
            var timeB = PodUtil.ReadyCondition(b)?.LastTransitionTime;
            if (timeA != timeB)
            {
                var byTime = CompareTimes(a, timeA, b, timeB, now);
                if (byTime != 0)
                {
                    return byTime;
                }
            }
        }

        var restarts = PodUtil.MaxContainerRestarts(a).CompareTo(PodUtil.MaxContainerRestarts(b));
        if (restarts != 0)
        {
            return -restarts;
        }

        var createdA = a.Metadata?.CreationTimestamp;
        var createdB = b.Metadata?.CreationTimestamp;
        return createdA != createdB ? CompareTimes(a, createdA, b, createdB, now) : 0;
    }

    // Later (or missing) time first; with both times set, compare log2 of the ages so that pods of similar age
    // are picked at random (by UID) rather than always the newest.
    private static int CompareTimes(V1Pod a, DateTime? timeA, V1Pod b, DateTime? timeB, DateTimeOffset now)
    {
        if (timeA is null || timeB is null)
        {
            return timeA is null ? (timeB is null ? 0 : -1) : 1;
        }

        var diff = LogRank(timeA.Value, now) - LogRank(timeB.Value, now);
        if (diff == 0)
        {
            return string.CompareOrdinal(a.Metadata?.Uid, b.Metadata?.Uid);
        }

        return diff < 0 ? -1 : 1;
    }

    private static long LogRank(DateTime time, DateTimeOffset now)
    {
        var nanos = (now - PodUtil.ToOffset(time)).Ticks * 100.0;
        return nanos > 0 ? (long)Math.Log2(nanos) : -1;
    }

    private static int PhaseOrdinal(V1Pod pod) => pod.Status?.Phase switch
    {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    };

    private sealed class Comparer(DateTimeOffset now) : IComparer<(V1Pod Pod, int Rank)>
    {
        public int Compare((V1Pod Pod, int Rank) x, (V1Pod Pod, int Rank) y)
            => ActivePodsRanking.Compare(x.Pod, x.Rank, y.Pod, y.Rank, now);
    }
}
