using k8s.Models;
using KubeSharp.Controllers.Common;

namespace KubeSharp.Controllers.CronJob;

/// <summary>
/// One sync of a CronJob, in execution order: delete <see cref="JobsToDelete"/> (Replace policy: with
/// propagationPolicy Background), create <see cref="JobToCreate"/> (on AlreadyExists, upstream fetches it and, if
/// this CronJob controls it and it is not yet in status.active, adds it there), write <see cref="Status"/> when
/// not null, delete <see cref="HistoryToDelete"/> (finished Jobs beyond the history limits, Background
/// propagation), record <see cref="Events"/>, requeue after <see cref="RequeueAfter"/> (the next schedule time).
/// </summary>
internal sealed record CronJobPlan(
    V1Job? JobToCreate,
    DateTimeOffset? ScheduledTime,
    IReadOnlyList<V1Job> JobsToDelete,
    IReadOnlyList<V1Job> HistoryToDelete,
    V1CronJobStatus? Status,
    IReadOnlyList<PlannedEvent> Events,
    TimeSpan? RequeueAfter);
