using Microsoft.Extensions.Logging;

namespace KubeSharp.Client;

/// <summary>The worker loop every controller runs: pop a key, sync it, Forget on success, requeue with backoff on error, Done.</summary>
public static class ControllerLoop
{
    /// <summary>Runs <paramref name="workers"/> workers until <paramref name="cancellationToken"/> is cancelled (the queue is then
    /// shut down) or the queue is shut down and drained. Returns normally on cancellation.</summary>
    public static async Task RunWorkersAsync(WorkQueue<string> queue, int workers, Func<string, CancellationToken, Task> sync, ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(sync);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        await using var registration = cancellationToken.Register(queue.ShutDown).ConfigureAwait(false);
        var tasks = new Task[workers];
        for (var i = 0; i < workers; i++)
        {
            tasks[i] = Task.Run(() => WorkerAsync(queue, sync, logger, cancellationToken), CancellationToken.None);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private static async Task WorkerAsync(WorkQueue<string> queue, Func<string, CancellationToken, Task> sync, ILogger logger,
        CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            (string Item, bool Shutdown) next;
            try
            {
                next = await queue.GetAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (next.Shutdown)
            {
                return;
            }

            var key = next.Item;
            try
            {
                await sync(key, cancellationToken).ConfigureAwait(false);
                queue.Forget(key);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                // A write raced with another (the cache was behind): routine for controllers, retried from a fresh cache.
                ControllerLoopLog.SyncConflicted(logger, key, queue.NumRequeues(key));
                queue.AddRateLimited(key);
            }
            catch (Exception e)
            {
                ControllerLoopLog.SyncFailed(logger, key, queue.NumRequeues(key), e);
                queue.AddRateLimited(key);
            }
            finally
            {
                queue.Done(key);
            }
        }
    }
}
