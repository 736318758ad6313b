using k8s.Models;

namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>
/// The taints the node lifecycle controller owns: NoExecute not-ready/unreachable (which evict pods) and upstream's
/// TaintNodesByCondition NoSchedule taints (which only keep new pods away). Other taints on the node are never touched.
/// </summary>
internal static class NodeTaints
{
    public const string NotReady = "node.kubernetes.io/not-ready";
    public const string Unreachable = "node.kubernetes.io/unreachable";
    public const string NoExecute = "NoExecute";
    public const string NoSchedule = "NoSchedule";

    private static readonly (string Condition, string Status, string Key)[] NoScheduleByCondition =
    [
        ("Ready", "False", NotReady),
        ("Ready", "Unknown", Unreachable),
        ("MemoryPressure", "True", "node.kubernetes.io/memory-pressure"),
        ("DiskPressure", "True", "node.kubernetes.io/disk-pressure"),
        ("PIDPressure", "True", "node.kubernetes.io/pid-pressure"),
        ("NetworkUnavailable", "True", "node.kubernetes.io/network-unavailable"),
    ];

    private const string Unschedulable = "node.kubernetes.io/unschedulable";

    private static bool Managed(V1Taint taint) =>
        (taint.Effect == NoExecute && taint.Key is NotReady or Unreachable)
        || (taint.Effect == NoSchedule && (taint.Key == Unschedulable || NoScheduleByCondition.Any(m => m.Key == taint.Key)));

    /// <summary>The (key, effect) pairs the node should carry given its conditions and spec.</summary>
    public static List<(string Key, string Effect)> Desired(V1Node node)
    {
        var conditions = node.Status?.Conditions ?? [];
        var desired = new List<(string, string)>();
        foreach (var (condition, status, key) in NoScheduleByCondition)
        {
            if (conditions.Any(c => c.Type == condition && c.Status == status))
            {
                desired.Add((key, NoSchedule));
            }
        }

        switch (NodeHealth.ReadyStatus(node))
        {
            case "False":
                desired.Add((NotReady, NoExecute));
                break;
            case "Unknown":
                desired.Add((Unreachable, NoExecute));
                break;
        }

        if (node.Spec?.Unschedulable == true)
        {
            desired.Add((Unschedulable, NoSchedule));
        }

        return desired;
    }

    /// <summary>The node's new taint list, or null when it already carries exactly the desired managed taints. Taints kept keep
    /// their timeAdded (eviction deadlines count from it); added ones get <paramref name="now"/>.</summary>
    public static List<V1Taint>? Reconcile(V1Node node, DateTimeOffset now)
    {
        var current = node.Spec?.Taints ?? [];
        var desired = Desired(node);
        var result = current.Where(t => !Managed(t) || desired.Contains((t.Key, t.Effect))).ToList();
        var changed = result.Count != current.Count;
        foreach (var (key, effect) in desired)
        {
            if (!result.Any(t => t.Key == key && t.Effect == effect))
            {
                result.Add(new V1Taint { Key = key, Effect = effect, TimeAdded = NodeHealth.Whole(now) });
                changed = true;
            }
        }

        return changed ? result : null;
    }
}
