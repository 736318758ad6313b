using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Client.Tests.WorkQueues;

public sealed class WorkQueueTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Add_SameItemTwice_HandedOutOnce()
    {
        var queue = new WorkQueue<string>(_time);

        queue.Add("a");
        queue.Add("a");
        queue.Add("b");

        Assert.Equal(2, queue.Count);
        Assert.Equal(("a", false), await queue.GetAsync(CancellationToken.None));
        Assert.Equal(("b", false), await queue.GetAsync(CancellationToken.None));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Add_WhileProcessing_QueuedAgainOnlyAfterDone()
    {
        var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        var (item, _) = await queue.GetAsync(CancellationToken.None);

        queue.Add("a");
        queue.Add("a");

        Assert.Equal(0, queue.Count);
        var next = queue.GetAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);
        queue.Done(item);
        Assert.Equal(("a", false), await next);
        queue.Done("a");
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task GetAsync_Waiting_ReceivesLaterAdd()
    {
        var queue = new WorkQueue<string>(_time);
        var waiting = queue.GetAsync(CancellationToken.None);

        queue.Add("x");

        Assert.Equal(("x", false), await waiting);
    }

    [Fact]
    public async Task GetAsync_Cancelled_ThrowsAndItemGoesToNextCaller()
    {
        var queue = new WorkQueue<string>(_time);
        using var cts = new CancellationTokenSource();
        var waiting = queue.GetAsync(cts.Token);

        await cts.CancelAsync();
        queue.Add("x");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);
        Assert.Equal(("x", false), await queue.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ShutDown_WithWaiterAndQueuedItem_DrainsThenReportsShutdown()
    {
        var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        queue.ShutDown();
        queue.Add("b");

        Assert.Equal(("a", false), await queue.GetAsync(CancellationToken.None));
        var (_, shutdown) = await queue.GetAsync(CancellationToken.None);
        Assert.True(shutdown);
    }

    [Fact]
    public async Task ShutDown_Waiter_Released()
    {
        var queue = new WorkQueue<string>(_time);
        var waiting = queue.GetAsync(CancellationToken.None);

        queue.ShutDown();

        Assert.True((await waiting).Shutdown);
    }

    [Fact]
    public void AddAfter_DelayNotPassed_NotQueued()
    {
        var queue = new WorkQueue<string>(_time);

        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, queue.Count);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void AddAfter_SameItemTwice_EarlierDeadlineWinsAndQueuedOnce()
    {
        var queue = new WorkQueue<string>(_time);

        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(2));
        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, queue.Count);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task AddRateLimited_RepeatedFailures_BackoffDoublesUntilForget()
    {
        var queue = new WorkQueue<string>(_time);

        foreach (var expectedMs in new[] { 5, 10, 20, 40 })
        {
            queue.AddRateLimited("a");
            _time.Advance(TimeSpan.FromMilliseconds(expectedMs - 1));
            Assert.Equal(0, queue.Count);
            _time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(1, queue.Count);
            var (item, _) = await queue.GetAsync(CancellationToken.None);
            queue.Done(item);
        }

        Assert.Equal(4, queue.NumRequeues("a"));
        queue.Forget("a");
        Assert.Equal(0, queue.NumRequeues("a"));
        queue.AddRateLimited("a");
        _time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void AddRateLimited_ManyFailures_CappedAtMaxDelay()
    {
        var queue = new WorkQueue<string>(_time);
        for (var i = 0; i < 40; i++)
        {
            queue.AddRateLimited("a");
        }

        _time.Advance(TimeSpan.FromSeconds(999));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void AddRateLimited_BurstExhausted_TokenBucketDelays()
    {
        var queue = new WorkQueue<string>(_time);
        for (var i = 0; i < 100; i++)
        {
            queue.AddRateLimited("item" + i);
        }

        queue.AddRateLimited("late");
        _time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(100, queue.Count);
        _time.Advance(TimeSpan.FromMilliseconds(94));
        Assert.Equal(100, queue.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(101, queue.Count);
    }
}
