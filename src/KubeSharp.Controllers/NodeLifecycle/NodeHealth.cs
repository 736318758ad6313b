using k8s.Models;

namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>
/// Upstream's tryUpdateNodeHealth, as a pure function: a node whose kubelet has posted neither a Lease renewal nor a Ready
/// heartbeat for longer than the grace period has its kubelet-owned conditions turned Unknown.
/// </summary>
internal static class NodeHealth
{
    public const string Ready = "Ready";

    /// <summary>The conditions the kubelet owns; NetworkUnavailable is left alone as upstream does (the network plugin owns it).</summary>
    public static readonly string[] KubeletConditions = [Ready, "MemoryPressure", "DiskPressure", "PIDPressure"];

    /// <summary>The latest sign of life: the Lease's renewTime or the Ready condition's heartbeat, else the node's creation.</summary>
    public static DateTimeOffset LastHeartbeat(V1Node node, V1Lease? lease)
    {
        DateTimeOffset? latest = null;
        if (lease?.Spec?.RenewTime is { } renew)
        {
            latest = Utc(renew);
        }

        if (node.Status?.Conditions?.FirstOrDefault(c => c.Type == Ready)?.LastHeartbeatTime is { } beat && (latest is null || Utc(beat) > latest))
        {
            latest = Utc(beat);
        }

        return latest ?? (node.Metadata?.CreationTimestamp is { } created ? Utc(created) : DateTimeOffset.MinValue);
    }

    /// <summary>How long until the node times out, or null when it already has.</summary>
    public static TimeSpan? TimeLeft(V1Node node, V1Lease? lease, DateTimeOffset now, TimeSpan gracePeriod)
    {
        var deadline = LastHeartbeat(node, lease) + gracePeriod;
        return now > deadline ? null : deadline - now;
    }

    /// <summary>The node's conditions with the kubelet-owned ones set Unknown; null when they already all are.</summary>
    public static List<V1NodeCondition>? UnknownConditions(V1Node node, DateTimeOffset now)
    {
        var conditions = (node.Status?.Conditions ?? []).Select(Copy).ToList();
        var changed = false;
        var transition = Whole(now);
        foreach (var type in KubeletConditions)
        {
            var condition = conditions.FirstOrDefault(c => c.Type == type);
            if (condition is null)
            {
                conditions.Add(new V1NodeCondition
                {
                    Type = type,
                    Status = "Unknown",
                    Reason = "NodeStatusNeverUpdated",
                    Message = "Kubelet never posted node status.",
                    LastHeartbeatTime = node.Metadata?.CreationTimestamp,
                    LastTransitionTime = transition,
                });
                changed = true;
            }
            else if (condition.Status != "Unknown")
            {
                condition.Status = "Unknown";
                condition.Reason = "NodeStatusUnknown";
                condition.Message = "Kubelet stopped posting node status.";
                condition.LastTransitionTime = transition;
                changed = true;
            }
        }

        return changed ? conditions : null;
    }

    public static string? ReadyStatus(V1Node node) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == Ready)?.Status;

    private static V1NodeCondition Copy(V1NodeCondition c) => new()
    {
        Type = c.Type,
        Status = c.Status,
        Reason = c.Reason,
        Message = c.Message,
        LastHeartbeatTime = c.LastHeartbeatTime,
        LastTransitionTime = c.LastTransitionTime,
    };

    /// <summary>Kubernetes times are whole seconds.</summary>
    public static DateTime Whole(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    /// <summary>The client library may hand out times without a kind; Kubernetes times are UTC.</summary>
    public static DateTimeOffset Utc(DateTime time) =>
        new(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime());
}
