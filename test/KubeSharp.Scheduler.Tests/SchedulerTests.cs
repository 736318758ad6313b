using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static KubeSharp.Scheduler.Tests.Fixtures;

namespace KubeSharp.Scheduler.Tests;

public class SchedulerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingBinder _binder = new();

    private Scheduler NewScheduler(params V1Node[] nodes)
    {
        var scheduler = new Scheduler(new SchedulerOptions { RandomSeed = 1 }, _binder, _time, NullLogger.Instance);
        _binder.Scheduler = scheduler;
        foreach (var n in nodes)
        {
            scheduler.OnNodeAdded(n);
        }
        return scheduler;
    }

    private static async Task<List<ScheduleResult>> DrainAsync(Scheduler scheduler)
    {
        var results = new List<ScheduleResult>();
        while (await scheduler.ScheduleOneAsync(CancellationToken.None) is { } r)
        {
            results.Add(r);
        }
        await scheduler.WaitForBindingsAsync(CancellationToken.None);
        return results;
    }

    [Fact]
    public async Task ScheduleOne_PodsWithRequests_PackedUntilFull()
    {
        using var scheduler = NewScheduler(Node("a", cpu: "2"), Node("b", cpu: "2"));
        for (var i = 0; i < 4; i++)
        {
            scheduler.OnPodAdded(Pod($"p{i}", "1"));
        }
        var results = await DrainAsync(scheduler);
        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(2, _binder.Bound.Values.Count(n => n == "a"));
        Assert.Equal(2, _binder.Bound.Values.Count(n => n == "b"));

        scheduler.OnPodAdded(Pod("extra", "1"));
        var failed = Assert.Single(await DrainAsync(scheduler));
        Assert.Equal(
            "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
            failed.FailureMessage);
        Assert.Equal(1, scheduler.QueueCounts.Unschedulable);
    }

    [Fact]
    public async Task ScheduleOne_OversizedPod_ExactUpstreamMessage()
    {
        using var scheduler = NewScheduler(Node("a"), Node("b"), Node("c"));
        scheduler.OnPodAdded(Pod("huge", "8"));
        var result = Assert.Single(await DrainAsync(scheduler));
        Assert.Equal(
            "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
            result.FailureMessage);
        var (pod, message, nominated) = Assert.Single(_binder.Failures);
        Assert.Equal("huge", pod);
        Assert.Equal(result.FailureMessage, message);
        Assert.Equal(string.Empty, nominated);
    }

    [Fact]
    public async Task ScheduleOne_MixedReasons_SortedHistogram()
    {
        using var scheduler = NewScheduler(
            Node("a", memory: "1Gi"),
            Node("b", memory: "1Gi"),
            Node("c", taints: [new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }]),
            Node("d", unschedulable: true));
        scheduler.OnPodAdded(Pod("p", memory: "2Gi"));
        var result = Assert.Single(await DrainAsync(scheduler));
        Assert.Equal(
            "0/4 nodes are available: 1 node(s) had untolerated taint(s), 1 node(s) were unschedulable, 2 Insufficient memory. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.",
            result.FailureMessage);
    }

    [Fact]
    public async Task ScheduleOne_NoNodes_Error()
    {
        using var scheduler = NewScheduler();
        scheduler.OnPodAdded(Pod("p"));
        var result = Assert.Single(await DrainAsync(scheduler));
        Assert.Equal("no nodes available to schedule pods", result.FailureMessage);
        Assert.Equal(1, scheduler.QueueCounts.Backoff);
    }

    [Fact]
    public async Task ScheduleOne_NodeAddedAfterFailure_PodRetriedAfterBackoff()
    {
        using var scheduler = NewScheduler(Node("a", cpu: "1"));
        scheduler.OnPodAdded(Pod("p", "2"));
        Assert.False(Assert.Single(await DrainAsync(scheduler)).Succeeded);
        scheduler.OnNodeAdded(Node("b", cpu: "4"));
        Assert.Empty(await DrainAsync(scheduler));
        _time.Advance(TimeSpan.FromSeconds(1));
        scheduler.FlushBackoff();
        var result = Assert.Single(await DrainAsync(scheduler));
        Assert.Equal("b", result.NodeName);
    }

    [Fact]
    public async Task ScheduleOne_HigherPriority_PreemptsLowestPriorityVictims()
    {
        using var scheduler = NewScheduler(Node("a", cpu: "2"), Node("b", cpu: "2"));
        scheduler.OnPodAdded(Pod("a1", "1", priority: 10, nodeName: "a"));
        scheduler.OnPodAdded(Pod("a2", "1", priority: 10, nodeName: "a"));
        scheduler.OnPodAdded(Pod("b1", "1", priority: 1, nodeName: "b"));
        scheduler.OnPodAdded(Pod("b2", "1", priority: 20, nodeName: "b"));
        scheduler.OnPodAdded(Pod("urgent", "1", priority: 100));

        var result = Assert.Single(await DrainAsync(scheduler));
        Assert.False(result.Succeeded);
        Assert.Equal("b", result.NominatedNodeName);
        Assert.Equal(["b1"], result.Victims.Select(v => v.Name()));
        Assert.Equal(["b1"], _binder.Deleted);
        Assert.Equal("0/2 nodes are available: 2 Insufficient cpu.", result.FailureMessage);

        // The victim's deletion frees the room; the nomination keeps lower-priority pods off it meanwhile.
        scheduler.OnPodAdded(Pod("sneaky", "1", priority: 0));
        Assert.False(Assert.Single(await DrainAsync(scheduler)).Succeeded);
        scheduler.OnPodDeleted(Pod("b1", "1", priority: 1, nodeName: "b"));
        _time.Advance(TimeSpan.FromSeconds(2));
        scheduler.FlushBackoff();
        var retried = await DrainAsync(scheduler);
        Assert.Contains(retried, r => r.Pod.Name() == "urgent" && r.NodeName == "b");
        Assert.DoesNotContain(retried, r => r.Pod.Name() == "sneaky" && r.Succeeded);
    }

    [Fact]
    public async Task ScheduleOne_PreemptionPolicyNever_NotEligible()
    {
        using var scheduler = NewScheduler(Node("a", cpu: "1"));
        scheduler.OnPodAdded(Pod("low", "1", priority: 1, nodeName: "a"));
        var pod = Pod("p", "1", priority: 100);
        pod.Spec.PreemptionPolicy = "Never";
        scheduler.OnPodAdded(pod);
        var result = Assert.Single(await DrainAsync(scheduler));
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.", result.FailureMessage);
    }

    [Fact]
    public async Task ScheduleOne_RequiredAntiAffinity_OnePerNode()
    {
        using var scheduler = NewScheduler(Node("a"), Node("b"), Node("c"));
        for (var i = 0; i < 4; i++)
        {
            var pod = Pod($"w{i}", labels: new() { ["app"] = "web" });
            pod.Spec.Affinity = new V1Affinity { PodAntiAffinity = new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term("app", "web", "kubernetes.io/hostname")] } };
            scheduler.OnPodAdded(pod);
        }
        var results = await DrainAsync(scheduler);
        Assert.Equal(3, _binder.Bound.Values.Distinct().Count());
        var failed = Assert.Single(results, r => !r.Succeeded);
        Assert.Equal(
            "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
            failed.FailureMessage);
    }

    [Fact]
    public async Task ScheduleOne_RequiredAffinity_FollowsTargetZone()
    {
        using var scheduler = NewScheduler(
            Node("a", labels: new() { ["zone"] = "1" }), Node("b", labels: new() { ["zone"] = "2" }), Node("c", labels: new() { ["zone"] = "2" }));
        scheduler.OnPodAdded(Pod("db", nodeName: "b", labels: new() { ["app"] = "db" }));
        for (var i = 0; i < 3; i++)
        {
            var pod = Pod($"w{i}");
            pod.Spec.Affinity = new V1Affinity { PodAffinity = new V1PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term("app", "db", "zone")] } };
            scheduler.OnPodAdded(pod);
        }
        await DrainAsync(scheduler);
        Assert.Equal(3, _binder.Bound.Count);
        Assert.All(_binder.Bound.Values, n => Assert.NotEqual("a", n));
    }

    [Fact]
    public async Task ScheduleOne_TopologySpread_EvenAcrossZones()
    {
        using var scheduler = NewScheduler(
            Node("a1", labels: new() { ["zone"] = "1" }), Node("a2", labels: new() { ["zone"] = "1" }),
            Node("b1", labels: new() { ["zone"] = "2" }), Node("b2", labels: new() { ["zone"] = "2" }),
            Node("c1", labels: new() { ["zone"] = "3" }));
        var labels = new Dictionary<string, string> { ["app"] = "web" };
        for (var i = 0; i < 6; i++)
        {
            var pod = Pod($"w{i}", labels: labels);
            pod.Spec.TopologySpreadConstraints = [new V1TopologySpreadConstraint { MaxSkew = 1, TopologyKey = "zone", WhenUnsatisfiable = "DoNotSchedule", LabelSelector = new V1LabelSelector { MatchLabels = labels } }];
            scheduler.OnPodAdded(pod);
        }
        await DrainAsync(scheduler);
        var perZone = _binder.Bound.Values.GroupBy(n => n[0]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(2, perZone['a']);
        Assert.Equal(2, perZone['b']);
        Assert.Equal(2, perZone['c']);
    }

    [Fact]
    public async Task ScheduleOne_BindFails_PodForgottenAndRequeued()
    {
        using var scheduler = NewScheduler(Node("a", cpu: "1"));
        _binder.FailBind = _ => new InvalidOperationException("conflict");
        scheduler.OnPodAdded(Pod("p", "1"));
        var result = Assert.Single(await DrainAsync(scheduler));
        Assert.Equal("a", result.NodeName);
        var failure = Assert.Single(_binder.Failures);
        Assert.Equal("binding rejected: conflict", failure.Message);
        Assert.Equal(1, scheduler.QueueCounts.Backoff);

        _binder.FailBind = null;
        _time.Advance(TimeSpan.FromSeconds(1));
        scheduler.FlushBackoff();
        Assert.Equal("a", Assert.Single(await DrainAsync(scheduler)).NodeName);
    }

    [Fact]
    public async Task OnPodAdded_OtherScheduler_Ignored()
    {
        using var scheduler = NewScheduler(Node("a"));
        var pod = Pod("p");
        pod.Spec.SchedulerName = "other";
        scheduler.OnPodAdded(pod);
        Assert.Empty(await DrainAsync(scheduler));
    }

    [Fact]
    public async Task RunAsync_SchedulesUntilCancelled()
    {
        using var scheduler = NewScheduler(Node("a"));
        using var cts = new CancellationTokenSource();
        var run = scheduler.RunAsync(cts.Token);
        scheduler.OnPodAdded(Pod("p", "1"));
        while (!_binder.Bound.ContainsKey("p"))
        {
            await Task.Yield();
        }
        await cts.CancelAsync();
        await run;
        Assert.Equal("a", _binder.Bound["p"]);
    }

    [Fact]
    public void NumFeasibleNodesToFind_Adaptive_MatchesUpstream()
    {
        using var scheduler = NewScheduler();
        Assert.Equal(50, scheduler.NumFeasibleNodesToFind(50));
        Assert.Equal(500, scheduler.NumFeasibleNodesToFind(5000));
        Assert.Equal(750, scheduler.NumFeasibleNodesToFind(2500));
        Assert.Equal(100, scheduler.NumFeasibleNodesToFind(200));
        Assert.Equal(750, scheduler.NumFeasibleNodesToFind(15000));
    }
}
