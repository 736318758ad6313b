using k8s;
using k8s.Models;
using KubeSharp.Controllers.Job;

namespace KubeSharp.Controllers.Tests.Job;

public sealed class JobControllerTests
{
    internal static V1Job NewJob(string name, int completions, int parallelism, int? backoffLimit = null, string? completionMode = null,
        long? activeDeadlineSeconds = null, int? ttlSecondsAfterFinished = null)
        => new()
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
            Spec = new V1JobSpec
            {
                Completions = completions,
                Parallelism = parallelism,
                BackoffLimit = backoffLimit,
                CompletionMode = completionMode,
                ActiveDeadlineSeconds = activeDeadlineSeconds,
                TtlSecondsAfterFinished = ttlSecondsAfterFinished,
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        Containers = [new V1Container { Name = "work", Image = "busybox", Command = ["true"] }],
                    },
                },
            },
        };

    internal static bool HasCondition(V1Job job, string type, string? reason = null)
        => job.Status?.Conditions?.Any(c => c.Type == type && c.Status == "True" && (reason is null || c.Reason == reason)) == true;

    internal static bool Unfinished(V1Pod pod) => pod.Status?.Phase is not ("Succeeded" or "Failed") && pod.Metadata.DeletionTimestamp is null;

    [Fact]
    public async Task Sync_CompletionsThreeParallelismTwo_CompletesWhenPodsSucceed()
    {
        await using var cluster = await ControllerTestCluster.StartAsync(TimeProvider.System, ctx => new JobController(ctx));
        var job = await cluster.Client.BatchV1.CreateNamespacedJobAsync(NewJob("three", completions: 3, parallelism: 2), "default");

        var first = await cluster.EventuallyAsync(async () => await cluster.PodsOfAsync(job) is { Count: 2 } p ? p : null, "two pods");
        foreach (var pod in first)
        {
            Assert.Contains(JobConstants.TrackingFinalizer, pod.Metadata.Finalizers);
            Assert.Equal(job.Metadata.Uid, Assert.Single(pod.Metadata.OwnerReferences).Uid);
            Assert.Equal("three", pod.Metadata.Labels[JobConstants.JobNameLabel]);
            Assert.StartsWith("three-", pod.Metadata.Name, StringComparison.Ordinal);
        }

        for (var finished = 0; finished < 3; finished++)
        {
            var pod = await cluster.EventuallyAsync(async () => (await cluster.PodsOfAsync(job)).FirstOrDefault(Unfinished), "an unfinished pod");
            await cluster.FinishPodAsync(pod, succeeded: true);
        }

        var done = await cluster.EventuallyAsync(async () =>
        {
            var current = await cluster.Client.BatchV1.ReadNamespacedJobAsync("three", "default");
            return HasCondition(current, "Complete") ? current : null;
        }, "the Complete condition");
        Assert.Equal(3, done.Status.Succeeded);
        Assert.Equal(0, done.Status.Active ?? 0);
        Assert.True(HasCondition(done, "SuccessCriteriaMet", "CompletionsReached"));
        Assert.NotNull(done.Status.CompletionTime);
        Assert.NotNull(done.Status.StartTime);
        Assert.Equal(0, done.Status.UncountedTerminatedPods?.Succeeded?.Count ?? 0);

        var pods = await cluster.PodsOfAsync(job);
        Assert.Equal(3, pods.Count);
        await cluster.EventuallyAsync(async () => (await cluster.PodsOfAsync(job)).All(p => p.Metadata.Finalizers is null or { Count: 0 }), "finalizers removed");
        await cluster.EventuallyAsync(async () =>
        {
            var events = await cluster.EventsAsync("default", "three");
            return events.Count(e => e.Reason == "SuccessfulCreate" && e.Message.StartsWith("Created pod: three-", StringComparison.Ordinal)) == 3
                && events.Any(e => e.Reason == "Completed" && e.Message == "Job completed" && e.Type == "Normal");
        }, "SuccessfulCreate and Completed events");
    }

    [Fact]
    public async Task Sync_PodsFailPastBackoffLimit_FailsWithBackoffLimitExceededAndDeletesActivePods()
    {
        await using var cluster = await ControllerTestCluster.StartAsync(TimeProvider.System, ctx => new JobController(ctx));
        var job = await cluster.Client.BatchV1.CreateNamespacedJobAsync(NewJob("failing", completions: 3, parallelism: 3, backoffLimit: 1), "default");

        var pods = await cluster.EventuallyAsync(async () => await cluster.PodsOfAsync(job) is { Count: 3 } p ? p : null, "three pods");
        await cluster.FinishPodAsync(pods[0], succeeded: false);
        await cluster.FinishPodAsync(pods[1], succeeded: false);

        var failed = await cluster.EventuallyAsync(async () =>
        {
            var current = await cluster.Client.BatchV1.ReadNamespacedJobAsync("failing", "default");
            return HasCondition(current, "Failed") ? current : null;
        }, "the Failed condition");
        var condition = failed.Status.Conditions.Single(c => c.Type == "Failed");
        Assert.Equal("BackoffLimitExceeded", condition.Reason);
        Assert.Equal("Job has reached the specified backoff limit", condition.Message);
        Assert.True(HasCondition(failed, "FailureTarget", "BackoffLimitExceeded"));
        Assert.Equal(3, failed.Status.Failed);
        Assert.Equal(0, failed.Status.Active ?? 0);

        // The still-running pod was deleted; with its finalizer gone (no kubelet, never scheduled) it disappeared.
        await cluster.EventuallyAsync(async () => (await cluster.PodsOfAsync(job)).All(p => p.Metadata.Uid != pods[2].Metadata.Uid), "the active pod deleted");
        await cluster.EventuallyAsync(async () =>
        {
            var events = await cluster.EventsAsync("default", "failing");
            return events.Any(e => e.Type == "Warning" && e.Reason == "BackoffLimitExceeded" && e.Message == "Job has reached the specified backoff limit")
                && events.Any(e => e.Reason == "SuccessfulDelete" && e.Message == $"Deleted pod: {pods[2].Metadata.Name}");
        }, "BackoffLimitExceeded and SuccessfulDelete events");
    }

    [Fact]
    public async Task Sync_OneFailureWithinBackoffLimit_CountsItAndWaitsBeforeReplacing()
    {
        await using var cluster = await ControllerTestCluster.StartAsync(TimeProvider.System, ctx => new JobController(ctx));
        var job = await cluster.Client.BatchV1.CreateNamespacedJobAsync(NewJob("retry", completions: 1, parallelism: 1, backoffLimit: 3), "default");

        var pod = await cluster.EventuallyAsync(async () => (await cluster.PodsOfAsync(job)).SingleOrDefault(), "a pod");
        await cluster.FinishPodAsync(pod, succeeded: false);

        var counted = await cluster.EventuallyAsync(async () =>
        {
            var current = await cluster.Client.BatchV1.ReadNamespacedJobAsync("retry", "default");
            return current.Status?.Failed == 1 ? current : null;
        }, "the failure counted");
        Assert.False(HasCondition(counted, "Failed"));
        await cluster.EventuallyAsync(async () => (await cluster.PodsOfAsync(job)).Single().Metadata.Finalizers is null or { Count: 0 }, "finalizer removed");

        // The 10 s pod failure backoff holds the replacement back (the test does not wait for it).
        Assert.DoesNotContain(await cluster.PodsOfAsync(job), Unfinished);
    }

    [Fact]
    public async Task Sync_IndexedJob_CreatesOnePodPerIndexAndRecordsCompletedIndexes()
    {
        await using var cluster = await ControllerTestCluster.StartAsync(TimeProvider.System, ctx => new JobController(ctx));
        var job = await cluster.Client.BatchV1.CreateNamespacedJobAsync(NewJob("indexed", completions: 3, parallelism: 3, completionMode: "Indexed"), "default");

        var pods = await cluster.EventuallyAsync(async () => await cluster.PodsOfAsync(job) is { Count: 3 } p ? p : null, "three pods");
        var indexes = pods.Select(p => p.Metadata.Annotations[JobConstants.CompletionIndexAnnotation]).Order().ToList();
        Assert.Equal(["0", "1", "2"], indexes);
        foreach (var pod in pods)
        {
            var index = pod.Metadata.Annotations[JobConstants.CompletionIndexAnnotation];
            Assert.Equal(index, pod.Metadata.Labels[JobConstants.CompletionIndexLabel]);
            Assert.Equal($"indexed-{index}", pod.Spec.Hostname);
            Assert.StartsWith($"indexed-{index}-", pod.Metadata.Name, StringComparison.Ordinal);
            Assert.Contains(pod.Spec.Containers[0].Env, e => e.Name == JobConstants.CompletionIndexEnv);
        }

        await cluster.FinishPodAsync(pods.Single(p => p.Metadata.Annotations[JobConstants.CompletionIndexAnnotation] == "1"), succeeded: true);
        await cluster.EventuallyAsync(async () =>
            (await cluster.Client.BatchV1.ReadNamespacedJobAsync("indexed", "default")).Status?.CompletedIndexes == "1", "completedIndexes 1");

        foreach (var pod in pods.Where(p => p.Metadata.Annotations[JobConstants.CompletionIndexAnnotation] != "1"))
        {
            await cluster.FinishPodAsync(pod, succeeded: true);
        }

        var done = await cluster.EventuallyAsync(async () =>
        {
            var current = await cluster.Client.BatchV1.ReadNamespacedJobAsync("indexed", "default");
            return HasCondition(current, "Complete") ? current : null;
        }, "the Complete condition");
        Assert.Equal("0-2", done.Status.CompletedIndexes);
        Assert.Equal(3, done.Status.Succeeded);
    }

    [Fact]
    public async Task Sync_ActiveDeadlinePassed_FailsWithDeadlineExceededAndDeletesPods()
    {
        await using var cluster = await ControllerTestCluster.StartAsync(TimeProvider.System, ctx => new JobController(ctx));
        var job = await cluster.Client.BatchV1.CreateNamespacedJobAsync(NewJob("slow", completions: 2, parallelism: 2, activeDeadlineSeconds: 1), "default");

        var failed = await cluster.EventuallyAsync(async () =>
        {
            var current = await cluster.Client.BatchV1.ReadNamespacedJobAsync("slow", "default");
            return HasCondition(current, "Failed") ? current : null;
        }, "the Failed condition");
        var condition = failed.Status.Conditions.Single(c => c.Type == "Failed");
        Assert.Equal("DeadlineExceeded", condition.Reason);
        Assert.Equal("Job was active longer than specified deadline", condition.Message);
        await cluster.EventuallyAsync(async () => (await cluster.PodsOfAsync(job)).Count == 0, "the pods deleted");
        await cluster.EventuallyAsync(async () => (await cluster.EventsAsync("default", "slow"))
            .Any(e => e.Type == "Warning" && e.Reason == "DeadlineExceeded" && e.Message == "Job was active longer than specified deadline"), "DeadlineExceeded event");
    }

    [Fact]
    public async Task Sync_SuspendThenResume_DeletesPodsThenCreatesThemAgain()
    {
        await using var cluster = await ControllerTestCluster.StartAsync(TimeProvider.System, ctx => new JobController(ctx));
        var job = await cluster.Client.BatchV1.CreateNamespacedJobAsync(NewJob("paused", completions: 2, parallelism: 2), "default");
        await cluster.EventuallyAsync(async () => (await cluster.PodsOfAsync(job)).Count(Unfinished) == 2, "two pods");

        var suspend = new V1Patch("{\"spec\":{\"suspend\":true}}", V1Patch.PatchType.MergePatch);
        await cluster.Client.BatchV1.PatchNamespacedJobAsync(suspend, "paused", "default");
        var suspended = await cluster.EventuallyAsync(async () =>
        {
            var current = await cluster.Client.BatchV1.ReadNamespacedJobAsync("paused", "default");
            return HasCondition(current, "Suspended", "JobSuspended") && (await cluster.PodsOfAsync(job)).Count == 0 ? current : null;
        }, "the Job suspended and its pods gone");
        Assert.Equal(0, suspended.Status.Active ?? 0);

        var resume = new V1Patch("{\"spec\":{\"suspend\":false}}", V1Patch.PatchType.MergePatch);
        await cluster.Client.BatchV1.PatchNamespacedJobAsync(resume, "paused", "default");
        await cluster.EventuallyAsync(async () => (await cluster.PodsOfAsync(job)).Count(Unfinished) == 2, "two new pods");
        await cluster.EventuallyAsync(async () =>
        {
            var events = await cluster.EventsAsync("default", "paused");
            return events.Any(e => e.Reason == "Suspended" && e.Message == "Job suspended") && events.Any(e => e.Reason == "Resumed" && e.Message == "Job resumed");
        }, "Suspended and Resumed events");
    }
}
