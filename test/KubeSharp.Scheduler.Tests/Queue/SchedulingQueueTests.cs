using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Queue;
using Microsoft.Extensions.Time.Testing;
using static KubeSharp.Scheduler.Tests.Fixtures;

namespace KubeSharp.Scheduler.Tests.Queue;

public class SchedulingQueueTests
{
    private readonly FakeTimeProvider _time = new();

    private SchedulingQueue NewQueue() => new(_time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));

    [Fact]
    public void TryPop_PriorityThenTimestamp_Ordered()
    {
        var q = NewQueue();
        q.Add(Pod("low1", priority: 1));
        _time.Advance(TimeSpan.FromSeconds(1));
        q.Add(Pod("high", priority: 10));
        q.Add(Pod("low2", priority: 1));
        Assert.Equal(["high", "low1", "low2"], [q.TryPop()!.PodInfo.Pod.Metadata.Name, q.TryPop()!.PodInfo.Pod.Metadata.Name, q.TryPop()!.PodInfo.Pod.Metadata.Name]);
        Assert.Null(q.TryPop());
    }

    [Fact]
    public void BackoffDuration_DoublesUpToMax()
    {
        var q = NewQueue();
        Assert.Equal([1, 2, 4, 8, 10, 10], Enumerable.Range(1, 6).Select(a => q.BackoffDuration(a).TotalSeconds).ToArray());
    }

    [Fact]
    public void AddUnschedulable_EventMovesToBackoffThenActiveAfterExpiry()
    {
        var q = NewQueue();
        q.Add(Pod("p"));
        var qp = q.TryPop()!;
        q.AddUnschedulableIfNotPresent(qp, q.SchedulingCycle);
        Assert.True(q.IsUnschedulable(qp.PodInfo.Key));

        q.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd);
        Assert.True(q.IsInBackoffQ(qp.PodInfo.Key));
        _time.Advance(TimeSpan.FromMilliseconds(999));
        q.FlushBackoffQCompleted();
        Assert.True(q.IsInBackoffQ(qp.PodInfo.Key));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        q.FlushBackoffQCompleted();
        Assert.True(q.IsInActiveQ(qp.PodInfo.Key));
    }

    [Fact]
    public void MoveAll_AfterBackoffExpired_GoesStraightToActive()
    {
        var q = NewQueue();
        q.Add(Pod("p"));
        var qp = q.TryPop()!;
        q.AddUnschedulableIfNotPresent(qp, q.SchedulingCycle);
        _time.Advance(TimeSpan.FromSeconds(2));
        q.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeUpdate);
        Assert.True(q.IsInActiveQ(qp.PodInfo.Key));
    }

    [Fact]
    public void MoveAll_IrrelevantEvent_LeavesPodUnschedulable()
    {
        var q = NewQueue();
        q.Add(Pod("p"));
        var qp = q.TryPop()!;
        qp.UnschedulablePlugins.Add("NodeResourcesFit");
        q.AddUnschedulableIfNotPresent(qp, q.SchedulingCycle);
        q.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodAdd);
        Assert.True(q.IsUnschedulable(qp.PodInfo.Key));
        q.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
        Assert.False(q.IsUnschedulable(qp.PodInfo.Key));
    }

    [Fact]
    public void AddUnschedulable_EventDuringCycle_GoesToBackoff()
    {
        var q = NewQueue();
        q.Add(Pod("p"));
        var cycle = q.SchedulingCycle + 1;
        var qp = q.TryPop()!;
        q.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd);
        q.AddUnschedulableIfNotPresent(qp, cycle);
        Assert.True(q.IsInBackoffQ(qp.PodInfo.Key));
    }

    [Fact]
    public void FlushUnschedulableLeftover_AfterFiveMinutes_Retried()
    {
        var q = NewQueue();
        q.Add(Pod("p"));
        var qp = q.TryPop()!;
        q.AddUnschedulableIfNotPresent(qp, q.SchedulingCycle);
        _time.Advance(TimeSpan.FromMinutes(5));
        q.FlushUnschedulablePodsLeftover();
        Assert.True(q.IsUnschedulable(qp.PodInfo.Key));
        _time.Advance(TimeSpan.FromSeconds(1));
        q.FlushUnschedulablePodsLeftover();
        Assert.True(q.IsInActiveQ(qp.PodInfo.Key));
    }

    [Fact]
    public void Delete_RemovesFromEveryQueueAndNomination()
    {
        var q = NewQueue();
        var pod = Pod("p");
        q.Add(pod);
        q.AddNominatedPod(new PodInfo(pod), "n1");
        Assert.Single(q.NominatedPodsForNode("n1"));
        q.Delete(pod);
        Assert.Null(q.TryPop());
        Assert.Empty(q.NominatedPodsForNode("n1"));
    }

    [Fact]
    public async Task PopAsync_WaitsForAdd()
    {
        var q = NewQueue();
        var pop = q.PopAsync(CancellationToken.None);
        Assert.False(pop.IsCompleted);
        q.Add(Pod("p"));
        var qp = await pop.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);
        Assert.Equal("p", qp.PodInfo.Pod.Metadata.Name);
        Assert.Equal(1, qp.Attempts);
    }
}
