using k8s.Models;

namespace KubeSharp.Controllers.ReplicationController;

/// <summary>
/// ReplicationController ↔ ReplicaSet, as upstream's ReplicationManager converts them to reuse the ReplicaSet logic:
/// the equality selector map becomes matchLabels, conditions and status fields map one to one.
/// </summary>
internal static class ReplicationControllerConversion
{
    public static V1ReplicaSet ToReplicaSet(V1ReplicationController rc)
        => new()
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = rc.Metadata,
            Spec = new V1ReplicaSetSpec
            {
                Replicas = rc.Spec?.Replicas,
                MinReadySeconds = rc.Spec?.MinReadySeconds,
                Selector = rc.Spec?.Selector is { } selector ? new V1LabelSelector { MatchLabels = selector } : null,
                Template = rc.Spec?.Template,
            },
            Status = rc.Status is { } status ? ToReplicaSetStatus(status) : null,
        };

    public static V1ReplicaSetStatus ToReplicaSetStatus(V1ReplicationControllerStatus status)
        => new()
        {
            Replicas = status.Replicas,
            FullyLabeledReplicas = status.FullyLabeledReplicas,
            ReadyReplicas = status.ReadyReplicas,
            AvailableReplicas = status.AvailableReplicas,
            ObservedGeneration = status.ObservedGeneration,
            Conditions = status.Conditions?.Select(c => new V1ReplicaSetCondition
            {
                Type = c.Type,
                Status = c.Status,
                Reason = c.Reason,
                Message = c.Message,
                LastTransitionTime = c.LastTransitionTime,
            }).ToList(),
        };

    public static V1ReplicationControllerStatus ToReplicationControllerStatus(V1ReplicaSetStatus status)
        => new()
        {
            Replicas = status.Replicas,
            FullyLabeledReplicas = status.FullyLabeledReplicas,
            ReadyReplicas = status.ReadyReplicas,
            AvailableReplicas = status.AvailableReplicas,
            ObservedGeneration = status.ObservedGeneration,
            Conditions = status.Conditions?.Select(c => new V1ReplicationControllerCondition
            {
                Type = c.Type,
                Status = c.Status,
                Reason = c.Reason,
                Message = c.Message,
                LastTransitionTime = c.LastTransitionTime,
            }).ToList(),
        };
}
