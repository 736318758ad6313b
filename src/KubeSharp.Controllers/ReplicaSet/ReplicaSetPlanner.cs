using k8s.Models;
using KubeSharp.Controllers.Common;

namespace KubeSharp.Controllers.ReplicaSet;

/// <summary>Decisions of upstream's ReplicaSetController (pkg/controller/replicaset/replica_set.go).</summary>
internal static class ReplicaSetPlanner
{
    /// <summary>Upstream burstReplicas: at most this many creations or deletions per sync.</summary>
    public const int BurstReplicas = 500;

    public const string ReplicaFailureCondition = "ReplicaFailure";

    public static V1OwnerReference ControllerRef(V1ReplicaSet rs) => ControllerRefs.NewControllerRef(rs.Metadata, "apps/v1", "ReplicaSet");

    /// <summary>
    /// Plans one sync. <paramref name="pods"/> are the pods of the ReplicaSet's namespace (the controller claims
    /// from them); <paramref name="relatedPods"/> are pods of sibling ReplicaSets under the same controller, used
    /// to prefer deleting pods doubled up on a node (defaults to the owned pods).
    /// </summary>
    public static ReplicaSetPlan Plan(V1ReplicaSet rs, IReadOnlyList<V1Pod> pods, DateTimeOffset now, IReadOnlyList<V1Pod>? relatedPods = null)
    {
        var claim = ControllerRefs.Claim(rs.Metadata, rs.Spec.Selector, PodUtil.FilterActive(pods));
        var owned = claim.Owned;
        var createCount = 0;
        V1Pod? template = null;
        IReadOnlyList<V1Pod> toDelete = [];
        if (rs.Metadata.DeletionTimestamp is null)
        {
            var diff = owned.Count - (rs.Spec.Replicas ?? 1);
            if (diff < 0)
            {
                createCount = Math.Min(-diff, BurstReplicas);
                template = PodTemplates.NewPod(rs.Spec.Template, rs.Metadata, ControllerRef(rs));
            }
            else if (diff > 0)
            {
                var related = relatedPods is null ? owned : relatedPods.Concat(owned).DistinctBy(p => p.Metadata.Uid ?? p.Metadata.Name).ToList();
                toDelete = ActivePodsRanking.PodsToDelete(owned, related, Math.Min(diff, BurstReplicas), now);
            }
        }

        var status = ComputeStatus(rs, owned, now, null);
        TimeSpan? requeue = null;
        var minReady = rs.Spec.MinReadySeconds ?? 0;
        if (minReady > 0 && status.ReadyReplicas == status.Replicas && status.AvailableReplicas != status.Replicas)
        {
            requeue = TimeSpan.FromSeconds(minReady);
        }

        return new ReplicaSetPlan(claim.Adopt, claim.Release, owned, createCount, SlowStart.Batches(createCount), template, toDelete, status, requeue);
    }

    /// <summary>
    /// Upstream calculateStatus from the owned active pods; <paramref name="manageReplicasError"/> is the error of
    /// creating or deleting pods, which sets ReplicaFailure (FailedCreate / FailedDelete), and clears it when null.
    /// </summary>
    public static V1ReplicaSetStatus ComputeStatus(V1ReplicaSet rs, IReadOnlyList<V1Pod> ownedActivePods, DateTimeOffset now, string? manageReplicasError)
    {
        var templateLabels = rs.Spec.Template?.Metadata?.Labels;
        var minReady = rs.Spec.MinReadySeconds ?? 0;
        var conditions = (rs.Status?.Conditions ?? []).Select(ModelCopy.Clone).ToList();
        var failure = conditions.FirstOrDefault(c => c.Type == ReplicaFailureCondition);
        if (manageReplicasError is not null && failure is null)
        {
            var diff = ownedActivePods.Count - (rs.Spec.Replicas ?? 1);
            var reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : string.Empty;
            conditions.Add(new V1ReplicaSetCondition
            {
                Type = ReplicaFailureCondition,
                Status = "True",
                Reason = reason,
                Message = manageReplicasError,
                LastTransitionTime = PodUtil.ToModelTime(now),
            });
        }
        else if (manageReplicasError is null && failure is not null)
        {
            conditions.Remove(failure);
        }

        return new V1ReplicaSetStatus
        {
            Replicas = ownedActivePods.Count,
            FullyLabeledReplicas = ownedActivePods.Count(p => LabelSelectors.MatchesMap(templateLabels, p.Metadata?.Labels)),
            ReadyReplicas = ownedActivePods.Count(PodUtil.IsReady),
            AvailableReplicas = ownedActivePods.Count(p => PodUtil.IsAvailable(p, minReady, now)),
            ObservedGeneration = rs.Metadata.Generation,
            Conditions = conditions.Count == 0 ? null : conditions,
        };
    }
}
