using k8s.Models;

namespace KubeSharp.Controllers.Job;

/// <summary>
/// One sync of a Job, in execution order: patch ownerReferences of <see cref="Adopt"/>/<see cref="Release"/>;
/// delete <see cref="PodsToDelete"/>; create <see cref="PodsToCreate"/> in <see cref="CreateBatches"/> (slow
/// start); write <see cref="Status"/> when not null (it records newly finished pods in uncountedTerminatedPods);
/// only after that write succeeded, remove the batch.kubernetes.io/job-tracking finalizer from
/// <see cref="PodsToRemoveFinalizer"/>. Requeue after <see cref="RequeueAfter"/> (pod failure backoff or the active
/// deadline). <see cref="TtlExpiresAt"/> is when a finished Job with ttlSecondsAfterFinished may be deleted.
/// </summary>
internal sealed record JobPlan(
    IReadOnlyList<V1Pod> Adopt,
    IReadOnlyList<V1Pod> Release,
    IReadOnlyList<V1Pod> PodsToCreate,
    IReadOnlyList<int> CreateBatches,
    IReadOnlyList<V1Pod> PodsToDelete,
    IReadOnlyList<V1Pod> PodsToRemoveFinalizer,
    V1JobStatus? Status,
    TimeSpan? RequeueAfter,
    DateTimeOffset? TtlExpiresAt);
