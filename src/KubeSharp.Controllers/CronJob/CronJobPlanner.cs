using System.Globalization;
using k8s;
using k8s.Models;
using KubeSharp.Controllers.Common;

namespace KubeSharp.Controllers.CronJob;

/// <summary>Decisions of upstream's CronJob controller v2 (pkg/controller/cronjob/cronjob_controllerv2.go, utils.go).</summary>
internal static class CronJobPlanner
{
    public const string ScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    /// <summary>Upstream nextScheduleDelta: wake a little after the scheduled time so it is surely due.</summary>
    public static readonly TimeSpan NextScheduleDelta = TimeSpan.FromMilliseconds(100);

    public static V1OwnerReference ControllerRef(V1CronJob cronJob) => ControllerRefs.NewControllerRef(cronJob.Metadata, "batch/v1", "CronJob");

    /// <summary>"&lt;cronjob&gt;-&lt;scheduled time in Unix minutes&gt;": the name is the lock against creating a run twice.</summary>
    public static string JobName(V1CronJob cronJob, DateTimeOffset scheduledTime)
        => $"{cronJob.Metadata.Name}-{(scheduledTime.ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Plans one sync from the CronJob and the Jobs it controls (others in <paramref name="jobs"/> are ignored).</summary>
    public static CronJobPlan Plan(V1CronJob cronJob, IReadOnlyList<V1Job> jobs, DateTimeOffset now)
    {
        var events = new List<PlannedEvent>();
        var status = ModelCopy.Clone(cronJob.Status ?? new V1CronJobStatus());
        status.Active ??= [];
        var owned = jobs.Where(j => ControllerRefs.IsControlledBy(j.Metadata, cronJob.Metadata.Uid)).ToList();

        foreach (var job in owned)
        {
            var inActive = status.Active.Any(r => Refers(r, job));
            var finished = FinishedCondition(job);
            if (!inActive && finished is null)
            {
                events.Add(PlannedEvent.Warning("UnexpectedJob", $"Saw a job that the controller did not create or forgot: {job.Metadata.Name}"));
            }
            else if (inActive && finished is not null)
            {
                status.Active = status.Active.Where(r => !Refers(r, job)).ToList();
                events.Add(PlannedEvent.Normal("SawCompletedJob", $"Saw completed job: {job.Metadata.Name}, condition: {finished}"));
            }

            if (finished == "Complete" && job.Status?.CompletionTime is DateTime completed
                && (status.LastSuccessfulTime is null || completed > status.LastSuccessfulTime))
            {
                status.LastSuccessfulTime = completed;
            }
        }

        foreach (var reference in status.Active.ToList())
        {
            if (!owned.Any(j => Refers(reference, j)))
            {
                events.Add(PlannedEvent.Normal("MissingJob", $"Active job went missing: {reference.Name}"));
                status.Active = status.Active.Where(r => !ReferenceEquals(r, reference)).ToList();
            }
        }

        var history = HistoryToDelete(cronJob, owned);
        if (cronJob.Metadata.DeletionTimestamp is not null)
        {
            return Result(cronJob, status, null, null, [], [], events, null);
        }

        if (!string.IsNullOrEmpty(cronJob.Spec.TimeZone) && !CronSchedule.TryFindTimeZone(cronJob.Spec.TimeZone, out _, out var tzError))
        {
            events.Add(PlannedEvent.Warning("UnknownTimeZone", $"invalid timeZone: \"{cronJob.Spec.TimeZone}\": {tzError}"));
            return Result(cronJob, status, null, null, [], history, events, null);
        }

        if (cronJob.Spec.Suspend == true)
        {
            return Result(cronJob, status, null, null, [], history, events, null);
        }

        if (cronJob.Spec.Schedule.Contains("TZ", StringComparison.Ordinal))
        {
            events.Add(PlannedEvent.Warning("UnsupportedSchedule",
                $"CRON_TZ or TZ used in schedule \"{cronJob.Spec.Schedule}\" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details"));
        }

        if (!CronSchedule.TryParse(cronJob.Spec.Schedule, cronJob.Spec.TimeZone, out var schedule, out var parseError))
        {
            events.Add(PlannedEvent.Warning("UnparseableSchedule", $"unparseable schedule: \"{cronJob.Spec.Schedule}\" : {parseError}"));
            return Result(cronJob, status, null, null, [], history, events, null);
        }

        var withDeadline = MostRecentScheduleTime(cronJob, status, now, schedule!, includeStartingDeadline: true);
        var requeue = NextScheduleTimeDuration(cronJob, status, now, schedule!);
        if (withDeadline.MostRecent is not DateTimeOffset scheduled)
        {
            return Result(cronJob, status, null, null, [], history, events, requeue);
        }

        if (withDeadline.Missed > 100)
        {
            events.Add(PlannedEvent.Warning("TooManyMissedTimes",
                $"too many missed start times: {withDeadline.Missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew"));
        }

        if (cronJob.Spec.StartingDeadlineSeconds is long deadline && scheduled.AddSeconds(deadline) < now)
        {
            events.Add(PlannedEvent.Warning("MissSchedule", $"Missed scheduled time to start a job: {scheduled.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture)}"));
            return Result(cronJob, status, null, null, [], history, events, requeue);
        }

        var name = JobName(cronJob, scheduled);
        if (status.Active.Any(r => r.Name == name) || (status.LastScheduleTime is DateTime last && PodUtil.ToOffset(last) == scheduled))
        {
            return Result(cronJob, status, null, null, [], history, events, requeue);
        }

        var policy = cronJob.Spec.ConcurrencyPolicy ?? "Allow";
        if (policy == "Forbid" && status.Active.Count > 0)
        {
            events.Add(PlannedEvent.Normal("JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid"));
            return Result(cronJob, status, null, null, [], history, events, requeue);
        }

        var replaced = new List<V1Job>();
        if (policy == "Replace")
        {
            foreach (var reference in status.Active)
            {
                if (owned.FirstOrDefault(j => Refers(reference, j)) is { } running)
                {
                    replaced.Add(running);
                    events.Add(PlannedEvent.Normal("SuccessfulDelete", $"Deleted job {running.Metadata.Name}"));
                }
            }

            status.Active = [];
        }

        var created = NewJob(cronJob, scheduled, schedule!.TimeZone);
        events.Add(PlannedEvent.Normal("SuccessfulCreate", $"Created job {created.Metadata.Name}"));
        status.Active.Add(new V1ObjectReference
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Name = created.Metadata.Name,
            NamespaceProperty = cronJob.Metadata.NamespaceProperty,
        });
        status.LastScheduleTime = PodUtil.ToModelTime(scheduled);
        requeue = NextScheduleTimeDuration(cronJob, status, now, schedule);
        return Result(cronJob, status, created, scheduled, replaced, history, events, requeue);
    }

    /// <summary>
    /// The Job for <paramref name="scheduledTime"/>: the template's labels, annotations and spec, the controller
    /// reference and the scheduled-timestamp annotation (RFC 3339 in the CronJob's time zone).
    /// </summary>
    public static V1Job NewJob(V1CronJob cronJob, DateTimeOffset scheduledTime, TimeZoneInfo timeZone)
    {
        var template = ModelCopy.Clone(cronJob.Spec.JobTemplate);
        var annotations = template.Metadata?.Annotations is { } a ? new Dictionary<string, string>(a) : new Dictionary<string, string>();
        annotations[ScheduledTimestampAnnotation] = TimeZoneInfo.ConvertTime(scheduledTime, timeZone).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture)
            .Replace("+00:00", "Z", StringComparison.Ordinal);
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = JobName(cronJob, scheduledTime),
                NamespaceProperty = cronJob.Metadata.NamespaceProperty,
                Labels = template.Metadata?.Labels is { } l ? new Dictionary<string, string>(l) : null,
                Annotations = annotations,
                OwnerReferences = [ControllerRef(cronJob)],
            },
            Spec = template.Spec,
        };
    }

    /// <summary>
    /// Upstream mostRecentScheduleTime: the latest unmet schedule time after lastScheduleTime (or creation, or now
    /// minus startingDeadlineSeconds when later), and how many were missed, counted without iterating them all.
    /// </summary>
    public static (DateTimeOffset Earliest, DateTimeOffset? MostRecent, long Missed) MostRecentScheduleTime(
        V1CronJob cronJob, V1CronJobStatus status, DateTimeOffset now, CronSchedule schedule, bool includeStartingDeadline)
    {
        var earliest = status.LastScheduleTime is DateTime last ? PodUtil.ToOffset(last)
            : cronJob.Metadata.CreationTimestamp is DateTime created ? PodUtil.ToOffset(created) : now;
        if (includeStartingDeadline && cronJob.Spec.StartingDeadlineSeconds is long deadline)
        {
            var schedulingDeadline = now.AddSeconds(-deadline);
            if (schedulingDeadline > earliest)
            {
                earliest = schedulingDeadline;
            }
        }

        if (schedule.Next(earliest) is not DateTimeOffset t1 || schedule.Next(t1) is not DateTimeOffset t2)
        {
            return (earliest, null, 0);
        }

        if (now < t1)
        {
            return (earliest, null, 0);
        }

        if (now < t2)
        {
            return (earliest, t1, 1);
        }

        var between = (long)Math.Round((t2 - t1).TotalSeconds);
        if (between < 1)
        {
            return (earliest, null, 0);
        }

        var missed = (long)(now - t1).TotalSeconds / between + 1;
        var potentialEarliest = t1.AddSeconds((missed - 2) * between);
        DateTimeOffset? mostRecent = null;
        for (var t = schedule.Next(potentialEarliest); t is not null && t <= now; t = schedule.Next(t.Value))
        {
            mostRecent = t;
        }

        return (earliest, mostRecent, missed);
    }

    /// <summary>How long until the schedule after the most recent one (plus <see cref="NextScheduleDelta"/>).</summary>
    public static TimeSpan? NextScheduleTimeDuration(V1CronJob cronJob, V1CronJobStatus status, DateTimeOffset now, CronSchedule schedule)
    {
        var (earliest, mostRecent, _) = MostRecentScheduleTime(cronJob, status, now, schedule, includeStartingDeadline: false);
        var next = schedule.Next(mostRecent ?? earliest);
        return next is null ? null : next.Value + NextScheduleDelta - now;
    }

    /// <summary>Finished Jobs beyond successfulJobsHistoryLimit (default 3) and failedJobsHistoryLimit (default 1), oldest first.</summary>
    public static IReadOnlyList<V1Job> HistoryToDelete(V1CronJob cronJob, IReadOnlyList<V1Job> owned)
    {
        var result = new List<V1Job>();
        Trim("Complete", cronJob.Spec.SuccessfulJobsHistoryLimit ?? 3);
        Trim("Failed", cronJob.Spec.FailedJobsHistoryLimit ?? 1);
        return result;

        void Trim(string condition, int limit)
        {
            var finished = owned.Where(j => FinishedCondition(j) == condition)
                .OrderBy(j => j.Status?.StartTime is null)
                .ThenBy(j => j.Status?.StartTime ?? DateTime.MaxValue)
                .ThenBy(j => j.Metadata.Name, StringComparer.Ordinal)
                .ToList();
            result.AddRange(finished.Take(Math.Max(0, finished.Count - limit)));
        }
    }

    // The reference written with a new Job may lack its UID (the wiring should fill it in from the create response).
    private static bool Refers(V1ObjectReference reference, V1Job job)
        => string.IsNullOrEmpty(reference.Uid) ? reference.Name == job.Metadata.Name : reference.Uid == job.Metadata.Uid;

    private static string? FinishedCondition(V1Job job)
        => job.Status?.Conditions?.FirstOrDefault(c => c.Type is "Complete" or "Failed" && c.Status == "True")?.Type;

    private static CronJobPlan Result(V1CronJob cronJob, V1CronJobStatus status, V1Job? job, DateTimeOffset? scheduled, IReadOnlyList<V1Job> replace,
        IReadOnlyList<V1Job> history, List<PlannedEvent> events, TimeSpan? requeue)
    {
        if (status.Active is { Count: 0 })
        {
            status.Active = null;
        }

        var changed = KubernetesJson.Serialize(status) != KubernetesJson.Serialize(cronJob.Status ?? new V1CronJobStatus());
        return new CronJobPlan(job, scheduled, replace, history, changed ? status : null, events, requeue);
    }
}
