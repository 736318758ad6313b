using k8s.Models;

namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>Upstream's taint-eviction decision for one pod on one node, as a pure function.</summary>
internal static class EvictionPlanner
{
    /// <summary>
    /// When the pod must go: <see cref="TimeSpan.Zero"/> now (a NoExecute taint it does not tolerate, or a toleration whose
    /// seconds have run out since the taint's timeAdded), a positive delay, or null for never (every taint tolerated forever).
    /// The pod's own tolerations decide: the API server's DefaultTolerationSeconds admission gave pods without one for the
    /// not-ready and unreachable taints a 300 s toleration when they were created (upstream's split of the work).
    /// </summary>
    public static TimeSpan? EvictAfter(IList<V1Toleration>? tolerations, IEnumerable<V1Taint> nodeTaints, DateTimeOffset now)
    {
        var effective = tolerations ?? [];
        DateTimeOffset? deadline = null;
        foreach (var taint in nodeTaints.Where(t => t.Effect == NodeTaints.NoExecute))
        {
            var toleration = effective.FirstOrDefault(t => Tolerates(t, taint));
            if (toleration is null)
            {
                return TimeSpan.Zero;
            }

            if (toleration.TolerationSeconds is not { } seconds)
            {
                continue;
            }

            var added = taint.TimeAdded is { } t ? NodeHealth.Utc(t) : now;
            var due = added + TimeSpan.FromSeconds(Math.Max(0, seconds));
            if (deadline is null || due < deadline)
            {
                deadline = due;
            }
        }

        return deadline is null ? null : deadline <= now ? TimeSpan.Zero : deadline - now;
    }

    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key)
        {
            return false;
        }

        return toleration.OperatorProperty switch
        {
            null or "" or "Equal" => (toleration.Value ?? "") == (taint.Value ?? ""),
            "Exists" => true,
            _ => false,
        };
    }
}
