using k8s.Models;

namespace KubeSharp.Controllers.StatefulSet;

/// <summary>
/// One sync of a StatefulSet, in execution order: patch ownerReferences of <see cref="Adopt"/>/<see cref="Release"/>;
/// create <see cref="RevisionToCreate"/> if set; create <see cref="ClaimsToCreate"/> (ignore AlreadyExists: claims
/// outlive their pods); create <see cref="PodsToCreate"/> (fixed names); update <see cref="PodsToUpdate"/> (identity
/// or storage repaired); delete <see cref="PodsToDelete"/>; delete <see cref="RevisionsToDelete"/>; write
/// <see cref="Status"/> when not null. OrderedReady plans at most one pod action per sync, so requeue on pod events.
/// </summary>
internal sealed record StatefulSetPlan(
    IReadOnlyList<V1Pod> Adopt,
    IReadOnlyList<V1Pod> Release,
    V1ControllerRevision? RevisionToCreate,
    IReadOnlyList<V1ControllerRevision> RevisionsToDelete,
    IReadOnlyList<V1PersistentVolumeClaim> ClaimsToCreate,
    IReadOnlyList<V1Pod> PodsToCreate,
    IReadOnlyList<V1Pod> PodsToUpdate,
    IReadOnlyList<V1Pod> PodsToDelete,
    V1StatefulSetStatus? Status);
