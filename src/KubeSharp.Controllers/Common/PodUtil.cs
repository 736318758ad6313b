using k8s.Models;

namespace KubeSharp.Controllers.Common;

/// <summary>Pod predicates shared by the workload controllers (pkg/api/v1/pod and controller_utils).</summary>
internal static class PodUtil
{
    public const string PodDeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    /// <summary>Not terminated and not being deleted.</summary>
    public static bool IsActive(V1Pod pod)
        => pod.Status?.Phase is not ("Succeeded" or "Failed") && pod.Metadata?.DeletionTimestamp is null;

    public static IReadOnlyList<V1Pod> FilterActive(IEnumerable<V1Pod> pods) => pods.Where(IsActive).ToList();

    public static V1PodCondition? ReadyCondition(V1Pod pod)
    {
        // Called for every pod of a namespace on each ReplicaSet sync: a loop, not a LINQ enumerator per pod.
        if (pod.Status?.Conditions is not { } conditions)
        {
            return null;
        }

        for (var i = 0; i < conditions.Count; i++)
        {
            if (conditions[i].Type == "Ready")
            {
                return conditions[i];
            }
        }

        return null;
    }

    public static bool IsReady(V1Pod pod) => ReadyCondition(pod)?.Status == "True";

    /// <summary>Ready for at least minReadySeconds before <paramref name="now"/>.</summary>
    public static bool IsAvailable(V1Pod pod, int minReadySeconds, DateTimeOffset now)
    {
        if (!IsReady(pod))
        {
            return false;
        }

        if (minReadySeconds == 0)
        {
            return true;
        }

        var since = ReadyCondition(pod)?.LastTransitionTime;
        return since is not null && ToOffset(since.Value).AddSeconds(minReadySeconds) < now;
    }

    public static bool IsRunningAndReady(V1Pod pod) => pod.Status?.Phase == "Running" && IsReady(pod);

    public static int MaxContainerRestarts(V1Pod pod)
        => (pod.Status?.ContainerStatuses ?? []).Select(s => s.RestartCount).DefaultIfEmpty(0).Max();

    public static int DeletionCost(V1Pod pod)
        => pod.Metadata?.Annotations is { } a && a.TryGetValue(PodDeletionCostAnnotation, out var v)
            && int.TryParse(v, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var cost)
                ? cost
                : 0;

    /// <summary>Models carry DateTime; Kubernetes times are UTC.</summary>
    public static DateTimeOffset ToOffset(DateTime time)
        => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    public static DateTime ToModelTime(DateTimeOffset time) => time.UtcDateTime;
}
