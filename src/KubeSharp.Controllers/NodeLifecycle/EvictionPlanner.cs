using k8s.Models;

namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>Upstream's taint-eviction decision for one pod on one node, as a pure function.</summary>
internal static class EvictionPlanner
{
    /// <summary>
    /// When the pod must go: <see cref="TimeSpan.Zero"/> now (a NoExecute taint it does not tolerate, or a toleration whose
    /// seconds have run out since the taint's timeAdded), a positive delay, or null for never (every taint tolerated forever).
    /// </summary>
    public static TimeSpan? EvictAfter(IList<V1Toleration>? tolerations, IEnumerable<V1Taint> nodeTaints, DateTimeOffset now, long defaultTolerationSeconds)
    {
        var effective = WithDefaults(tolerations, defaultTolerationSeconds);
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

    /// <summary>
    /// The API server does not run upstream's DefaultTolerationSeconds admission plugin yet, which gives every pod without its
    /// own toleration for the not-ready and unreachable NoExecute taints one for 300 s. Its effect is applied here instead, so a
    /// pod is not evicted the moment its node goes silent.
    /// </summary>
    public static List<V1Toleration> WithDefaults(IList<V1Toleration>? tolerations, long seconds)
    {
        var result = new List<V1Toleration>(tolerations ?? []);
        foreach (var key in (string[])[NodeTaints.NotReady, NodeTaints.Unreachable])
        {
            var covered = result.Any(t => (string.IsNullOrEmpty(t.Key) || t.Key == key) && (string.IsNullOrEmpty(t.Effect) || t.Effect == NodeTaints.NoExecute));
            if (!covered)
            {
                result.Add(new V1Toleration { Key = key, OperatorProperty = "Exists", Effect = NodeTaints.NoExecute, TolerationSeconds = seconds });
            }
        }

        return result;
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
