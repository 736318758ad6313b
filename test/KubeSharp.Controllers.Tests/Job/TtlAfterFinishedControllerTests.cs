using k8s;
using k8s.Models;
using KubeSharp.Controllers.Job;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Controllers.Tests.Job;

public sealed class TtlAfterFinishedControllerTests
{
    [Fact]
    public async Task Sync_FinishedJobWithZeroTtl_DeletesItInForeground()
    {
        await using var cluster = await ControllerTestCluster.StartAsync(TimeProvider.System, ctx => new JobController(ctx), ctx => new TtlAfterFinishedController(ctx));
        var job = await cluster.Client.BatchV1.CreateNamespacedJobAsync(JobControllerTests.NewJob("short", 1, 1, ttlSecondsAfterFinished: 0), "default");
        var pod = await cluster.EventuallyAsync(async () => (await cluster.PodsOfAsync(job)).SingleOrDefault(), "a pod");
        await cluster.FinishPodAsync(pod, succeeded: true);

        // No garbage collector runs here: the Foreground deletion leaves the Job marked, waiting for it.
        var deleting = await cluster.EventuallyAsync(async () =>
            await cluster.Client.BatchV1.ReadNamespacedJobAsync("short", "default") is { Metadata.DeletionTimestamp: not null } j ? j : null, "the Job deleted");
        Assert.True(JobControllerTests.HasCondition(deleting, "Complete"));
        Assert.Contains("foregroundDeletion", deleting.Metadata.Finalizers);
    }

    [Fact]
    public async Task Sync_TtlNotYetExpired_DeletesWhenTheClockPassesIt()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await ControllerTestCluster.StartAsync(clock, ctx => new TtlAfterFinishedController(ctx));
        var job = await cluster.Client.BatchV1.CreateNamespacedJobAsync(JobControllerTests.NewJob("later", 1, 1, ttlSecondsAfterFinished: 30), "default");
        var finishedAt = clock.GetUtcNow().UtcDateTime;
        var status = new
        {
            status = new
            {
                startTime = finishedAt,
                completionTime = finishedAt,
                succeeded = 1,
                conditions = new[]
                {
                    new { type = "SuccessCriteriaMet", status = "True", lastTransitionTime = finishedAt },
                    new { type = "Complete", status = "True", lastTransitionTime = finishedAt },
                },
            },
        };
        await cluster.Client.BatchV1.PatchNamespacedJobStatusAsync(new V1Patch(KubernetesJson.Serialize(status), V1Patch.PatchType.MergePatch), "later", "default");

        clock.Advance(TimeSpan.FromSeconds(20));
        var stillThere = await cluster.Client.BatchV1.ReadNamespacedJobAsync("later", "default");
        Assert.Null(stillThere.Metadata.DeletionTimestamp);

        // The clock moves on in steps: a controller that sees the finished Job late sets its timer from a later "now".
        await cluster.EventuallyAsync(async () =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return (await cluster.Client.BatchV1.ReadNamespacedJobAsync("later", "default")).Metadata.DeletionTimestamp is not null;
        }, "the Job deleted");
        Assert.Equal(job.Metadata.Uid, (await cluster.Client.BatchV1.ReadNamespacedJobAsync("later", "default")).Metadata.Uid);
    }
}
