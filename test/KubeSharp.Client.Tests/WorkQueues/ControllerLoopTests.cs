using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Client.Tests.WorkQueues;

public sealed class ControllerLoopTests
{
    [Fact]
    public async Task RunWorkersAsync_SyncFailsOnce_RequeuedWithBackoffThenForgotten()
    {
        var time = new FakeTimeProvider();
        var queue = new WorkQueue<string>(time);
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var succeeded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        using var stop = new CancellationTokenSource();
        var run = ControllerLoop.RunWorkersAsync(queue, 2, (key, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                failed.SetResult();
                throw new InvalidOperationException("first attempt fails");
            }

            succeeded.SetResult();
            return Task.CompletedTask;
        }, NullLogger.Instance, stop.Token);

        queue.Add("ns/a");
        await failed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        while (queue.NumRequeues("ns/a") == 0)
        {
            await Task.Yield();
        }

        time.Advance(TimeSpan.FromMilliseconds(5));
        await succeeded.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, calls);
        Assert.Equal(0, queue.NumRequeues("ns/a"));
        Assert.True(queue.ShuttingDown);
    }
}
