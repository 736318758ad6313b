using KubeSharp.Kubelet.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Kubelet.Tests.Simulation;

public sealed class DueQueueTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task DequeueAsync_ItemsAlreadyDue_ReturnsThemInDueOrder()
    {
        using var queue = new DueQueue<string>(_time);
        var now = _time.GetUtcNow();
        queue.Enqueue("b", now - TimeSpan.FromSeconds(1));
        queue.Enqueue("a", now - TimeSpan.FromSeconds(2));
        queue.Enqueue("c", now);

        Assert.Equal("a", (await queue.DequeueAsync(CancellationToken.None)).Item);
        Assert.Equal("b", (await queue.DequeueAsync(CancellationToken.None)).Item);
        Assert.Equal("c", (await queue.DequeueAsync(CancellationToken.None)).Item);
    }

    [Fact]
    public async Task DequeueAsync_ItemNotYetDue_WaitsUntilTimeReachesIt()
    {
        using var queue = new DueQueue<string>(_time);
        var due = _time.GetUtcNow() + TimeSpan.FromSeconds(10);
        queue.Enqueue("later", due);

        var dequeue = queue.DequeueAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(dequeue.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(("later", due), await dequeue);
    }

    [Fact]
    public async Task Enqueue_EarlierItemWhileWaiting_WakesTheWaiter()
    {
        using var queue = new DueQueue<string>(_time);
        queue.Enqueue("late", _time.GetUtcNow() + TimeSpan.FromHours(1));
        var dequeue = queue.DequeueAsync(CancellationToken.None);

        queue.Enqueue("now", _time.GetUtcNow());

        Assert.Equal("now", (await dequeue).Item);
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task DequeueAsync_Cancelled_Throws()
    {
        using var queue = new DueQueue<string>(_time);
        using var cts = new CancellationTokenSource();
        var dequeue = queue.DequeueAsync(cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dequeue);
    }
}
