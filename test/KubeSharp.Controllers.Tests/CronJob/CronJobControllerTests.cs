using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.CronJob;
using KubeSharp.Controllers.Tests.Job;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Controllers.Tests.CronJob;

public sealed class CronJobControllerTests
{
    private static V1CronJob NewCronJob(string name, string schedule, string concurrencyPolicy)
        => new()
        {
            ApiVersion = "batch/v1",
            Kind = "CronJob",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
            Spec = new V1CronJobSpec
            {
                Schedule = schedule,
                ConcurrencyPolicy = concurrencyPolicy,
                JobTemplate = new V1JobTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                    Spec = JobControllerTests.NewJob("unused", 1, 1).Spec,
                },
            },
        };

    private static DateTimeOffset NextMinute(DateTimeOffset after)
    {
        var truncated = new DateTimeOffset(after.Year, after.Month, after.Day, after.Hour, after.Minute, 0, TimeSpan.Zero);
        return truncated.AddMinutes(1);
    }

    private static string JobName(string cronJob, DateTimeOffset scheduled)
        => $"{cronJob}-{(scheduled.ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture)}";

    private static async Task<IReadOnlyList<V1Job>> JobsAsync(ControllerTestCluster cluster, string app)
        => [.. (await cluster.Client.BatchV1.ListNamespacedJobAsync("default", labelSelector: $"app={app}")).Items];

    [Fact]
    public async Task Sync_EveryMinuteForbid_CreatesAtScheduleSkipsWhileActiveAndRunsTheMissedTimeAfter()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await ControllerTestCluster.StartAsync(clock, ctx => new CronJobController(ctx));
        var cronJob = await cluster.Client.BatchV1.CreateNamespacedCronJobAsync(NewCronJob("tick", "* * * * *", "Forbid"), "default");

        // Creation timestamps are real time; the first run is the minute after both it and the controller's clock.
        var created = PodUtil.ToOffset(cronJob.Metadata.CreationTimestamp!.Value);
        var first = NextMinute(created > clock.GetUtcNow() ? created : clock.GetUtcNow());
        clock.Advance(first.AddSeconds(1) - clock.GetUtcNow());

        var job = await cluster.EventuallyAsync(async () => (await JobsAsync(cluster, "tick")).SingleOrDefault(), "the first Job");
        Assert.Equal(JobName("tick", first), job.Metadata.Name);
        var owner = Assert.Single(job.Metadata.OwnerReferences);
        Assert.Equal(("CronJob", "tick", cronJob.Metadata.Uid, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller == true));
        Assert.Equal(first.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            job.Metadata.Annotations[CronJobPlanner.ScheduledTimestampAnnotation]);

        var status = await cluster.EventuallyAsync(async () =>
            (await cluster.Client.BatchV1.ReadNamespacedCronJobAsync("tick", "default")).Status is { Active.Count: 1 } s ? s : null, "status.active");
        Assert.Equal(job.Metadata.Uid, status.Active[0].Uid);
        Assert.Equal(job.Metadata.Name, status.Active[0].Name);
        Assert.Equal(first.UtcDateTime, PodUtil.ToOffset(status.LastScheduleTime!.Value).UtcDateTime);
        await cluster.EventuallyAsync(async () => (await cluster.EventsAsync("default", "tick"))
            .Any(e => e.Reason == "SuccessfulCreate" && e.Message == $"Created job {job.Metadata.Name}"), "SuccessfulCreate event");

        // The next minute comes while the first Job is still active: Forbid skips it.
        var second = first.AddMinutes(1);
        clock.Advance(second.AddSeconds(1) - clock.GetUtcNow());
        await cluster.EventuallyAsync(async () => (await cluster.EventsAsync("default", "tick"))
            .Any(e => e.Reason == "JobAlreadyActive" && e.Message == "Not starting job because prior execution is running and concurrency policy is Forbid"),
            "JobAlreadyActive event");
        Assert.Single(await JobsAsync(cluster, "tick"));

        // The first Job completes: the controller notes it and starts the run it held back.
        var completedAt = clock.GetUtcNow().UtcDateTime;
        var finished = new
        {
            status = new
            {
                startTime = completedAt,
                completionTime = completedAt,
                succeeded = 1,
                conditions = new[]
                {
                    new { type = "SuccessCriteriaMet", status = "True", lastTransitionTime = completedAt },
                    new { type = "Complete", status = "True", lastTransitionTime = completedAt },
                },
            },
        };
        await cluster.Client.BatchV1.PatchNamespacedJobStatusAsync(new V1Patch(KubernetesJson.Serialize(finished), V1Patch.PatchType.MergePatch),
            job.Metadata.Name, "default");

        var jobs = await cluster.EventuallyAsync(async () => await JobsAsync(cluster, "tick") is { Count: 2 } j ? j : null, "the held-back run");
        Assert.Contains(jobs, j => j.Metadata.Name == JobName("tick", second));
        var after = await cluster.EventuallyAsync(async () =>
            (await cluster.Client.BatchV1.ReadNamespacedCronJobAsync("tick", "default")).Status is { LastSuccessfulTime: not null, Active.Count: 1 } s
            && s.Active[0].Name == JobName("tick", second) ? s : null, "status after the completion");
        Assert.Equal(second.UtcDateTime, PodUtil.ToOffset(after.LastScheduleTime!.Value).UtcDateTime);
        await cluster.EventuallyAsync(async () => (await cluster.EventsAsync("default", "tick"))
            .Any(e => e.Reason == "SawCompletedJob" && e.Message == $"Saw completed job: {job.Metadata.Name}, condition: Complete"), "SawCompletedJob event");
    }

    [Fact]
    public async Task Sync_KubectlCreateJobFromCronJob_LeavesTheManualJobAlone()
    {
        await using var cluster = await ControllerTestCluster.StartAsync(TimeProvider.System, ctx => new CronJobController(ctx));
        await cluster.Client.BatchV1.CreateNamespacedCronJobAsync(NewCronJob("nightly", "0 3 * * *", "Forbid"), "default");
        var kubeconfig = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(kubeconfig, cluster.AdminKubeconfig);
            var (exitCode, output) = await RunKubectlAsync(kubeconfig, "create", "job", "manual-run", "--from=cronjob/nightly", "-n", "default");
            Assert.True(exitCode == 0, output);
            Assert.Contains("job.batch/manual-run created", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(kubeconfig);
        }

        // The controller sees a Job it controls but did not create; upstream only warns about it.
        await cluster.EventuallyAsync(async () => (await cluster.EventsAsync("default", "nightly"))
            .Any(e => e.Type == "Warning" && e.Reason == "UnexpectedJob" && e.Message == "Saw a job that the controller did not create or forgot: manual-run"),
            "UnexpectedJob event");
        var job = await cluster.Client.BatchV1.ReadNamespacedJobAsync("manual-run", "default");
        Assert.Null(job.Metadata.DeletionTimestamp);
        Assert.Equal("manual", job.Metadata.Annotations["cronjob.kubernetes.io/instantiate"]);
        var cronJob = await cluster.Client.BatchV1.ReadNamespacedCronJobAsync("nightly", "default");
        Assert.Empty(cronJob.Status?.Active ?? []);
        Assert.Null(cronJob.Status?.LastScheduleTime);
    }

    private static async Task<(int ExitCode, string Output)> RunKubectlAsync(string kubeconfig, params string[] args)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
