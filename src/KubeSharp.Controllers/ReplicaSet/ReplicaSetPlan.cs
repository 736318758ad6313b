using k8s.Models;

namespace KubeSharp.Controllers.ReplicaSet;

/// <summary>
/// One sync of a ReplicaSet. Adopt/Release need an ownerReferences patch each; create
/// <see cref="CreateCount"/> copies of <see cref="PodTemplate"/> in <see cref="CreateBatches"/> (stop at the first
/// batch with a failure); delete <see cref="PodsToDelete"/>; then write <see cref="Status"/> (recompute it with
/// <see cref="ReplicaSetPlanner.ComputeStatus"/> if creating or deleting failed). Requeue after
/// <see cref="RequeueAfter"/> when set (pods becoming available after minReadySeconds).
/// </summary>
internal sealed record ReplicaSetPlan(
    IReadOnlyList<V1Pod> Adopt,
    IReadOnlyList<V1Pod> Release,
    IReadOnlyList<V1Pod> OwnedActivePods,
    int CreateCount,
    IReadOnlyList<int> CreateBatches,
    V1Pod? PodTemplate,
    IReadOnlyList<V1Pod> PodsToDelete,
    V1ReplicaSetStatus Status,
    TimeSpan? RequeueAfter);
