using k8s.Models;
using KubeSharp.Controllers.Common;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// One sync of a Deployment, in execution order: patch ownerReferences of <see cref="AdoptReplicaSets"/> and
/// <see cref="ReleaseReplicaSets"/>; create <see cref="CreateReplicaSet"/> (on AlreadyExists, requeue: the next
/// sync sees it and bumps collisionCount if its template differs); update each of
/// <see cref="UpdateReplicaSets"/> (full objects: replicas, annotations, minReadySeconds); delete
/// <see cref="DeleteReplicaSets"/>; then, if <see cref="Status"/> or <see cref="RevisionAnnotation"/> is set,
/// update the status subresource (upstream writes the deployment's revision annotation through it too); record
/// <see cref="Events"/>; requeue after <see cref="RequeueAfter"/> when set (zero: rate-limited now).
/// </summary>
internal sealed record DeploymentPlan(
    IReadOnlyList<V1ReplicaSet> AdoptReplicaSets,
    IReadOnlyList<V1ReplicaSet> ReleaseReplicaSets,
    V1ReplicaSet? CreateReplicaSet,
    IReadOnlyList<V1ReplicaSet> UpdateReplicaSets,
    IReadOnlyList<V1ReplicaSet> DeleteReplicaSets,
    V1DeploymentStatus? Status,
    string? RevisionAnnotation,
    IReadOnlyList<PlannedEvent> Events,
    TimeSpan? RequeueAfter);
