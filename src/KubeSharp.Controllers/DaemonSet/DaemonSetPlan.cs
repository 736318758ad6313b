using k8s.Models;
using KubeSharp.Controllers.Common;

namespace KubeSharp.Controllers.DaemonSet;

/// <summary>
/// One sync of a DaemonSet, in execution order: patch ownerReferences of <see cref="Adopt"/>/<see cref="Release"/>
/// (pods) ; create <see cref="RevisionToCreate"/> if set; delete <see cref="PodsToDelete"/>; create
/// <see cref="PodsToCreate"/> (one per node, pinned to it by node affinity) in <see cref="CreateBatches"/>; delete
/// <see cref="RevisionsToDelete"/>; write <see cref="Status"/> when not null; record <see cref="Events"/>.
/// </summary>
internal sealed record DaemonSetPlan(
    IReadOnlyList<V1Pod> Adopt,
    IReadOnlyList<V1Pod> Release,
    string UpdateHash,
    V1ControllerRevision? RevisionToCreate,
    IReadOnlyList<V1ControllerRevision> RevisionsToDelete,
    IReadOnlyList<V1Pod> PodsToCreate,
    IReadOnlyList<int> CreateBatches,
    IReadOnlyList<V1Pod> PodsToDelete,
    V1DaemonSetStatus? Status,
    IReadOnlyList<PlannedEvent> Events);
