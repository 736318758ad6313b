using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Client;

/// <summary>
/// Keeps an <see cref="Indexer{T}"/> in step with the API server (list, then watch from the list's resourceVersion; relist on
/// expiry) and tells handlers about every change. Handlers run on the informer's loop, one event at a time, in order:
/// they must be quick (enqueue a key) and must not mutate the objects they are given.
/// </summary>
public sealed class SharedInformer<T> : IRunnableInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(800);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan HealthyWatch = TimeSpan.FromSeconds(1);

    private readonly ListWatch<T> _listWatch;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _resyncPeriod;
    private readonly Lock _dispatch = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EventHandlerRegistration<T>[] _handlers = [];
    private int _started;

    public SharedInformer(ListWatch<T> listWatch, TimeProvider time, ILogger logger, TimeSpan resyncPeriod = default)
    {
        ArgumentNullException.ThrowIfNull(listWatch);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _listWatch = listWatch;
        _time = time;
        _logger = logger;
        _resyncPeriod = resyncPeriod;
    }

    public Indexer<T> Indexer { get; } = new();

    /// <summary>True once the first list has been stored and delivered to the handlers.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The resourceVersion of the last list, watch event or bookmark seen.</summary>
    public string LastSyncResourceVersion { get; private set; } = "";

    /// <summary>Registers callbacks. A handler added after objects were stored first gets an add for each of them.</summary>
    public void AddEventHandler(Action<T>? onAdd, Action<T, T>? onUpdate, Action<T>? onDelete)
    {
        var handler = new EventHandlerRegistration<T>(onAdd, onUpdate, onDelete);
        lock (_dispatch)
        {
            if (onAdd is not null)
            {
                foreach (var item in Indexer.List())
                {
                    Invoke(() => onAdd(item));
                }
            }

            _handlers = [.. _handlers, handler];
        }
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled (then returns normally). Call once.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException($"The informer for {_listWatch} is already running.");
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var resync = _resyncPeriod > TimeSpan.Zero ? ResyncLoopAsync(stopping.Token) : Task.CompletedTask;
        try
        {
            await ListAndWatchLoopAsync(stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            await resync.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task ListAndWatchLoopAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            string resourceVersion;
            try
            {
                resourceVersion = await RelistAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = Backoff(failures++);
                InformerLog.ListFailed(_logger, _listWatch.Description, delay, e);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var watching = _time.GetTimestamp();
            var expired = await WatchUntilExpiredAsync(resourceVersion, cancellationToken).ConfigureAwait(false);
            if (_time.GetElapsedTime(watching) >= HealthyWatch)
            {
                failures = 0;
            }
            else if (expired && failures == 0)
            {
                // One quick expiry is normal (the list was served just before a compaction): relist at once.
                failures = 1;
            }
            else
            {
                // A server that fails every watch at once must not turn this loop into a list storm.
                await Task.Delay(Backoff(failures++), _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Watches, rewatching from the last seen resourceVersion after a normal end or a broken stream,
    /// and returns when a relist is needed: true when the resourceVersion expired (410), false for another watch error.</summary>
    private async Task<bool> WatchUntilExpiredAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = _time.GetTimestamp();
            var events = 0;
            try
            {
                await foreach (var watchEvent in _listWatch.WatchAsync(resourceVersion, cancellationToken).ConfigureAwait(false))
                {
                    events++;
                    if (watchEvent.Type == WatchEventType.Error)
                    {
                        var status = watchEvent.Status;
                        if (status?.Code == (int)HttpStatusCode.Gone || status?.Reason is "Expired" or "Gone")
                        {
                            InformerLog.WatchExpired(_logger, _listWatch.Description, resourceVersion);
                            return true;
                        }

                        InformerLog.WatchError(_logger, _listWatch.Description, status?.Code, status?.Reason, status?.Message);
                        return false;
                    }

                    resourceVersion = Apply(watchEvent) ?? resourceVersion;
                    LastSyncResourceVersion = resourceVersion;
                }

                failures = events > 0 || _time.GetElapsedTime(started) >= HealthyWatch ? 0 : failures + 1;
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Gone)
            {
                InformerLog.WatchExpired(_logger, _listWatch.Description, resourceVersion);
                return true;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = Backoff(failures++);
                InformerLog.WatchBroken(_logger, _listWatch.Description, resourceVersion, delay, e);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (failures > 0)
            {
                // The server keeps ending watches at once: do not spin.
                await Task.Delay(Backoff(failures - 1), _time, cancellationToken).ConfigureAwait(false);
            }
        }

        return false;
    }

    /// <summary>Applies one watch event to the store and the handlers; returns the event's resourceVersion.</summary>
    private string? Apply(WatchEvent<T> watchEvent)
    {
        var obj = watchEvent.Object;
        if (obj is null)
        {
            return null;
        }

        switch (watchEvent.Type)
        {
            case WatchEventType.Added:
            case WatchEventType.Modified:
                lock (_dispatch)
                {
                    var old = Indexer.Upsert(obj);
                    Notify(old, obj);
                }

                break;
            case WatchEventType.Deleted:
                lock (_dispatch)
                {
                    Indexer.Remove(Keys.For(obj));
                    NotifyDelete(obj);
                }

                break;
        }

        return obj.Metadata?.ResourceVersion;
    }

    private async Task<string> RelistAsync(CancellationToken cancellationToken)
    {
        var (items, resourceVersion) = await _listWatch.ListAsync(cancellationToken).ConfigureAwait(false);
        lock (_dispatch)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                seen.Add(Keys.For(item));
                var old = Indexer.Upsert(item);
                if (old is null || old.Metadata?.ResourceVersion != item.Metadata?.ResourceVersion)
                {
                    Notify(old, item);
                }
            }

            foreach (var key in Indexer.ListKeys())
            {
                if (!seen.Contains(key) && Indexer.Remove(key) is { } gone)
                {
                    NotifyDelete(gone);
                }
            }
        }

        LastSyncResourceVersion = resourceVersion;
        InformerLog.Listed(_logger, _listWatch.Description, items.Count, resourceVersion);
        _synced.TrySetResult();
        return resourceVersion;
    }

    private async Task ResyncLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_resyncPeriod, _time, cancellationToken).ConfigureAwait(false);
            if (!HasSynced)
            {
                continue;
            }

            lock (_dispatch)
            {
                foreach (var item in Indexer.List())
                {
                    Notify(item, item);
                }
            }
        }
    }

    private void Notify(T? old, T current)
    {
        foreach (var handler in _handlers)
        {
            if (old is null)
            {
                if (handler.OnAdd is { } onAdd)
                {
                    Invoke(() => onAdd(current));
                }
            }
            else if (handler.OnUpdate is { } onUpdate)
            {
                Invoke(() => onUpdate(old, current));
            }
        }
    }

    private void NotifyDelete(T last)
    {
        foreach (var handler in _handlers)
        {
            if (handler.OnDelete is { } onDelete)
            {
                Invoke(() => onDelete(last));
            }
        }
    }

    private void Invoke(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            InformerLog.HandlerFailed(_logger, _listWatch.Description, e);
        }
    }

    private static TimeSpan Backoff(int failures)
    {
        var delay = InitialBackoff * Math.Pow(2, Math.Min(failures, 10));
        var capped = delay < MaxBackoff ? delay : MaxBackoff;
        return capped * (1 + (Random.Shared.NextDouble() * 0.2));
    }
}
