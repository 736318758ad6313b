using k8s.Models;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.CronJob;
using static KubeSharp.Controllers.Tests.Fixtures;

namespace KubeSharp.Controllers.Tests.CronJob;

public class CronJobPlannerTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 10, 11, 0, 30, TimeSpan.Zero);

    [Fact]
    public void Plan_ScheduleDue_CreatesJobNamedByUnixMinutes()
    {
        var cronJob = NewCronJob("*/5 * * * *");

        var plan = CronJobPlanner.Plan(cronJob, [], new DateTimeOffset(2026, 1, 10, 11, 7, 0, TimeSpan.Zero));

        var scheduled = new DateTimeOffset(2026, 1, 10, 11, 5, 0, TimeSpan.Zero);
        Assert.Equal($"hello-{scheduled.ToUnixTimeSeconds() / 60}", plan.JobToCreate!.Metadata.Name);
        Assert.Equal("2026-01-10T11:05:00Z", plan.JobToCreate.Metadata.Annotations[CronJobPlanner.ScheduledTimestampAnnotation]);
        Assert.Equal("CronJob", ControllerRefs.GetControllerOf(plan.JobToCreate.Metadata)!.Kind);
        Assert.Equal(PodUtil.ToModelTime(scheduled), plan.Status!.LastScheduleTime);
        Assert.Equal(plan.JobToCreate.Metadata.Name, Assert.Single(plan.Status.Active).Name);
        Assert.Equal(TimeSpan.FromMinutes(3) + CronJobPlanner.NextScheduleDelta, plan.RequeueAfter);
    }

    [Fact]
    public void Plan_NotDueYet_RequeuesForNextTime()
    {
        var plan = CronJobPlanner.Plan(NewCronJob("0 12 * * *"), [], Created.AddMinutes(1));

        Assert.Null(plan.JobToCreate);
        Assert.Equal(new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero) + CronJobPlanner.NextScheduleDelta - Created.AddMinutes(1), plan.RequeueAfter);
    }

    [Fact]
    public void Plan_ManyMissed_StartsOnlyMostRecentAndWarns()
    {
        var plan = CronJobPlanner.Plan(NewCronJob("* * * * *"), [], Created.AddHours(3));

        Assert.Equal(new DateTimeOffset(2026, 1, 10, 14, 0, 0, TimeSpan.Zero), plan.ScheduledTime);
        Assert.Contains(plan.Events, e => e.Reason == "TooManyMissedTimes" && e.Message.StartsWith("too many missed start times: 180.", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_StartingDeadlineLimitsLookback()
    {
        var cronJob = NewCronJob("* * * * *");
        cronJob.Spec.StartingDeadlineSeconds = 200;

        var plan = CronJobPlanner.Plan(cronJob, [], Created.AddHours(3));

        Assert.DoesNotContain(plan.Events, e => e.Reason == "TooManyMissedTimes");
        Assert.NotNull(plan.JobToCreate);
    }

    [Fact]
    public void Plan_MissedWindow_MissScheduleEvent()
    {
        var cronJob = NewCronJob("0 12 * * *");
        cronJob.Spec.StartingDeadlineSeconds = 10;

        var plan = CronJobPlanner.Plan(cronJob, [], new DateTimeOffset(2026, 1, 10, 12, 0, 20, TimeSpan.Zero));

        Assert.Null(plan.JobToCreate);
    }

    [Fact]
    public void Plan_ForbidWithActiveJob_DoesNotStart()
    {
        var (cronJob, running) = WithActiveJob("Forbid");

        var plan = CronJobPlanner.Plan(cronJob, [running], new DateTimeOffset(2026, 1, 10, 11, 11, 0, TimeSpan.Zero));

        Assert.Null(plan.JobToCreate);
        Assert.Contains(plan.Events, e => e.Reason == "JobAlreadyActive");
    }

    [Fact]
    public void Plan_ReplaceWithActiveJob_DeletesItAndStarts()
    {
        var (cronJob, running) = WithActiveJob("Replace");

        var plan = CronJobPlanner.Plan(cronJob, [running], new DateTimeOffset(2026, 1, 10, 11, 11, 0, TimeSpan.Zero));

        Assert.Same(running, Assert.Single(plan.JobsToDelete));
        Assert.NotNull(plan.JobToCreate);
        Assert.Equal(plan.JobToCreate.Metadata.Name, Assert.Single(plan.Status!.Active).Name);
    }

    [Fact]
    public void Plan_AllowWithActiveJob_StartsAnother()
    {
        var (cronJob, running) = WithActiveJob("Allow");

        var plan = CronJobPlanner.Plan(cronJob, [running], new DateTimeOffset(2026, 1, 10, 11, 11, 0, TimeSpan.Zero));

        Assert.Equal(2, plan.Status!.Active.Count);
    }

    [Fact]
    public void Plan_Suspended_CreatesNothing()
    {
        var cronJob = NewCronJob("* * * * *");
        cronJob.Spec.Suspend = true;

        Assert.Null(CronJobPlanner.Plan(cronJob, [], Created.AddHours(1)).JobToCreate);
    }

    [Fact]
    public void Plan_FinishedJobs_LeaveActiveAndTrimHistory()
    {
        var cronJob = NewCronJob("0 0 1 1 *");
        var jobs = Enumerable.Range(0, 5).Select(i => Finished(cronJob, "ok" + i, "Complete", Created.AddMinutes(-10 + i))).ToList();
        jobs.AddRange(Enumerable.Range(0, 3).Select(i => Finished(cronJob, "bad" + i, "Failed", Created.AddMinutes(-10 + i))));
        cronJob.Status.Active = [new V1ObjectReference { Name = "ok4", Uid = "uid-ok4", Kind = "Job", ApiVersion = "batch/v1" }];

        var plan = CronJobPlanner.Plan(cronJob, jobs, Created.AddMinutes(1));

        Assert.Null(plan.Status!.Active);
        Assert.Equal(PodUtil.ToModelTime(Created.AddMinutes(-5)), plan.Status.LastSuccessfulTime);
        Assert.Equal(["ok0", "ok1", "bad0", "bad1"], plan.HistoryToDelete.Select(j => j.Metadata.Name));
        Assert.Contains(plan.Events, e => e.Reason == "SawCompletedJob" && e.Message == "Saw completed job: ok4, condition: Complete");
    }

    [Fact]
    public void Plan_TimeZone_ScheduledInZone()
    {
        var cronJob = NewCronJob("0 13 * * *");
        cronJob.Spec.TimeZone = "Europe/Berlin";

        var plan = CronJobPlanner.Plan(cronJob, [], new DateTimeOffset(2026, 1, 10, 12, 0, 30, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero), plan.ScheduledTime);
        Assert.Equal("2026-01-10T13:00:00+01:00", plan.JobToCreate!.Metadata.Annotations[CronJobPlanner.ScheduledTimestampAnnotation]);
    }

    private static (V1CronJob CronJob, V1Job Running) WithActiveJob(string policy)
    {
        var cronJob = NewCronJob("*/5 * * * *");
        cronJob.Spec.ConcurrencyPolicy = policy;
        var running = CronJobPlanner.NewJob(cronJob, new DateTimeOffset(2026, 1, 10, 11, 5, 0, TimeSpan.Zero), TimeZoneInfo.Utc);
        running.Metadata.Uid = "uid-running";
        cronJob.Status.Active = [new V1ObjectReference { Name = running.Metadata.Name, Uid = "uid-running", Kind = "Job", ApiVersion = "batch/v1" }];
        cronJob.Status.LastScheduleTime = PodUtil.ToModelTime(new DateTimeOffset(2026, 1, 10, 11, 5, 0, TimeSpan.Zero));
        return (cronJob, running);
    }

    private static V1Job Finished(V1CronJob cronJob, string name, string condition, DateTimeOffset started)
    {
        var job = CronJobPlanner.NewJob(cronJob, started, TimeZoneInfo.Utc);
        job.Metadata.Name = name;
        job.Metadata.Uid = "uid-" + name;
        job.Status = new V1JobStatus
        {
            StartTime = PodUtil.ToModelTime(started),
            CompletionTime = condition == "Complete" ? PodUtil.ToModelTime(started.AddMinutes(1)) : null,
            Conditions = [new V1JobCondition { Type = condition, Status = "True" }],
        };
        return job;
    }

    private static V1CronJob NewCronJob(string schedule)
        => new()
        {
            Metadata = new V1ObjectMeta { Name = "hello", NamespaceProperty = "default", Uid = "uid-hello", CreationTimestamp = PodUtil.ToModelTime(Created) },
            Spec = new V1CronJobSpec
            {
                Schedule = schedule,
                JobTemplate = new V1JobTemplateSpec { Spec = new V1JobSpec { Template = Template("busybox") } },
            },
            Status = new V1CronJobStatus(),
        };
}
