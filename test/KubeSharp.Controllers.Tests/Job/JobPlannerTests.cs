using k8s.Models;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.Job;
using static KubeSharp.Controllers.Tests.Fixtures;

namespace KubeSharp.Controllers.Tests.Job;

public class JobPlannerTests
{
    [Fact]
    public void Plan_NewJob_CreatesParallelismPodsWithLabelsAndFinalizer()
    {
        var job = NewJob(completions: 5, parallelism: 2);

        var plan = JobPlanner.Plan(job, [], Now);

        Assert.Equal(2, plan.PodsToCreate.Count);
        var pod = plan.PodsToCreate[0];
        Assert.Equal("pi-", pod.Metadata.GenerateName);
        Assert.Contains(JobConstants.TrackingFinalizer, pod.Metadata.Finalizers);
        Assert.Equal("uid-pi", pod.Metadata.Labels[JobConstants.ControllerUidLabel]);
        Assert.Equal("pi", pod.Metadata.Labels[JobConstants.JobNameLabel]);
        Assert.Equal("pi", pod.Metadata.Labels["job-name"]);
        Assert.Equal("Job", ControllerRefs.GetControllerOf(pod.Metadata)!.Kind);
        Assert.Equal(PodUtil.ToModelTime(Now), plan.Status!.StartTime);
    }

    [Theory]
    [InlineData(1, 5, 5)]
    [InlineData(2, 5, 15)]
    [InlineData(3, 5, 35)]
    [InlineData(10, 5, 355)]
    public void Plan_RecentFailures_WaitsExponentialBackoff(int failures, int secondsAgo, int expectedWait)
    {
        var job = NewJob(completions: 1, parallelism: 1);
        var pods = Enumerable.Range(0, failures).Select(i => Finished(job, "f" + i, "Failed", Now.AddSeconds(-secondsAgo - (failures - i)))).ToList();
        pods[^1] = Finished(job, "last", "Failed", Now.AddSeconds(-secondsAgo));
        job.Spec.BackoffLimit = 100;

        var plan = JobPlanner.Plan(job, pods, Now);

        Assert.Empty(plan.PodsToCreate);
        Assert.Equal(TimeSpan.FromSeconds(expectedWait), plan.RequeueAfter);
    }

    [Fact]
    public void Plan_BackoffLimitExceeded_FailureTargetThenFailed()
    {
        var job = NewJob(completions: 1, parallelism: 1);
        job.Spec.BackoffLimit = 1;
        job.Status = new V1JobStatus { Failed = 1, StartTime = PodUtil.ToModelTime(Now.AddMinutes(-1)) };
        var running = Pod("running", owner: JobPlanner.ControllerRef(job));
        var failed = Finished(job, "failed", "Failed", Now.AddSeconds(-1));

        var first = JobPlanner.Plan(job, [running, failed], Now);

        Assert.Contains(first.Status!.Conditions, c => c.Type == "FailureTarget" && c.Reason == "BackoffLimitExceeded" && c.Message == "Job has reached the specified backoff limit");
        Assert.DoesNotContain(first.Status.Conditions, c => c.Type == "Failed");
        Assert.Same(running, Assert.Single(first.PodsToDelete));
        Assert.Same(failed, Assert.Single(first.PodsToRemoveFinalizer));

        job.Status = first.Status;
        failed.Metadata.Finalizers = null;
        var second = JobPlanner.Plan(job, [failed], Now);

        Assert.Equal(2, second.Status!.Failed);
        Assert.Contains(second.Status.Conditions, c => c.Type == "Failed" && c.Reason == "BackoffLimitExceeded");
    }

    [Fact]
    public void Plan_ActiveDeadline_PendingThenDeadlineExceeded()
    {
        var job = NewJob(completions: 1, parallelism: 1);
        job.Spec.ActiveDeadlineSeconds = 60;
        job.Status = new V1JobStatus { StartTime = PodUtil.ToModelTime(Now.AddSeconds(-20)) };
        var running = Pod("running", owner: JobPlanner.ControllerRef(job));

        Assert.Equal(TimeSpan.FromSeconds(40), JobPlanner.Plan(job, [running], Now).RequeueAfter);

        var late = JobPlanner.Plan(job, [running], Now.AddSeconds(45));
        Assert.Contains(late.Status!.Conditions, c => c.Type == "FailureTarget" && c.Reason == "DeadlineExceeded" && c.Message == "Job was active longer than specified deadline");
        Assert.Same(running, Assert.Single(late.PodsToDelete));
    }

    [Fact]
    public void Plan_CompletionsReached_SuccessCriteriaMetThenComplete()
    {
        var job = NewJob(completions: 2, parallelism: 2);
        job.Spec.TtlSecondsAfterFinished = 100;
        var pods = new[] { Finished(job, "a", "Succeeded", Now.AddSeconds(-3)), Finished(job, "b", "Succeeded", Now.AddSeconds(-2)) };

        var first = JobPlanner.Plan(job, pods, Now);

        Assert.Equal(["uid-a", "uid-b"], first.Status!.UncountedTerminatedPods.Succeeded);
        Assert.Contains(first.Status.Conditions, c => c.Type == "SuccessCriteriaMet" && c.Reason == "CompletionsReached");
        Assert.Equal(2, first.PodsToRemoveFinalizer.Count);
        Assert.Empty(first.PodsToCreate);

        job.Status = first.Status;
        foreach (var pod in pods)
        {
            pod.Metadata.Finalizers = null;
        }

        var second = JobPlanner.Plan(job, pods, Now.AddSeconds(1));

        Assert.Equal(2, second.Status!.Succeeded);
        Assert.Null(second.Status.UncountedTerminatedPods);
        Assert.Contains(second.Status.Conditions, c => c.Type == "Complete" && c.Status == "True");
        Assert.Equal(PodUtil.ToModelTime(Now.AddSeconds(1)), second.Status.CompletionTime);
        Assert.Equal(Now.AddSeconds(101), second.TtlExpiresAt);
    }

    [Fact]
    public void Plan_Indexed_CreatesMissingIndexesWithHostnameAndAnnotation()
    {
        var job = NewJob(completions: 4, parallelism: 2);
        job.Spec.CompletionMode = "Indexed";
        var done = Finished(job, "done", "Succeeded", Now.AddSeconds(-1));
        done.Metadata.Annotations = new Dictionary<string, string> { [JobConstants.CompletionIndexAnnotation] = "0" };
        var running = Pod("running", owner: JobPlanner.ControllerRef(job));
        running.Metadata.Annotations = new Dictionary<string, string> { [JobConstants.CompletionIndexAnnotation] = "1" };

        var plan = JobPlanner.Plan(job, [done, running], Now);

        Assert.Equal("0", plan.Status!.CompletedIndexes);
        var pod = Assert.Single(plan.PodsToCreate);
        Assert.Equal("2", pod.Metadata.Annotations[JobConstants.CompletionIndexAnnotation]);
        Assert.Equal("2", pod.Metadata.Labels[JobConstants.CompletionIndexLabel]);
        Assert.Equal("pi-2", pod.Spec.Hostname);
        Assert.Equal("pi-2-", pod.Metadata.GenerateName);
        Assert.Contains(pod.Spec.Containers[0].Env, e => e.Name == "JOB_COMPLETION_INDEX");
    }

    [Fact]
    public void Plan_Suspended_DeletesActiveAndSetsCondition()
    {
        var job = NewJob(completions: 1, parallelism: 1);
        job.Spec.Suspend = true;
        var running = Pod("running", owner: JobPlanner.ControllerRef(job));

        var plan = JobPlanner.Plan(job, [running], Now);

        Assert.Same(running, Assert.Single(plan.PodsToDelete));
        Assert.Contains(plan.Status!.Conditions, c => c.Type == "Suspended" && c.Reason == "JobSuspended" && c.Message == "Job suspended");
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("1,3-5,7", "1,3-5,7")]
    [InlineData("0-2,3", "0-3")]
    public void CompletedIndexes_RoundTrip_CollapsesRanges(string text, string expected)
        => Assert.Equal(expected, CompletedIndexes.Format(CompletedIndexes.Parse(text, 100)));

    private static V1Job NewJob(int? completions, int parallelism)
        => new()
        {
            Metadata = new V1ObjectMeta { Name = "pi", NamespaceProperty = "default", Uid = "uid-pi", Generation = 1 },
            Spec = new V1JobSpec
            {
                Completions = completions,
                Parallelism = parallelism,
                BackoffLimit = 6,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = Template("perl"),
            },
            Status = new V1JobStatus(),
        };

    private static V1Pod Finished(V1Job job, string name, string phase, DateTimeOffset finishedAt)
    {
        var pod = Pod(name, phase: phase, ready: false, owner: JobPlanner.ControllerRef(job));
        pod.Metadata.Finalizers = [JobConstants.TrackingFinalizer];
        pod.Status.ContainerStatuses[0].State = new V1ContainerState
        {
            Terminated = new V1ContainerStateTerminated { ExitCode = phase == "Failed" ? 1 : 0, FinishedAt = PodUtil.ToModelTime(finishedAt) },
        };
        return pod;
    }
}
