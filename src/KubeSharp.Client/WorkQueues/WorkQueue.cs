namespace KubeSharp.Client;

/// <summary>
/// client-go's rate-limited work queue. An item is queued at most once (dirty set) and handed to at most one worker at a
/// time (processing set): an item added while it is being processed is queued again only when <see cref="Done"/> is called.
/// </summary>
public sealed class WorkQueue<T>
    where T : notnull
{
    private readonly TimeProvider _time;
    private readonly ControllerRateLimiter<T> _rateLimiter;
    private readonly Lock _lock = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly LinkedList<TaskCompletionSource<(T Item, bool Shutdown)>> _waiters = new();
    private readonly Dictionary<T, DelayedItem> _delayed = [];
    private bool _shuttingDown;

    /// <param name="time">Clock for delays and rate limiting.</param>
    /// <param name="baseDelay">First per-item backoff (default 5 ms), doubled on each failure.</param>
    /// <param name="maxDelay">Per-item backoff cap (default 1000 s).</param>
    public WorkQueue(TimeProvider time, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _rateLimiter = new ControllerRateLimiter<T>(time, baseDelay ?? TimeSpan.FromMilliseconds(5), maxDelay ?? TimeSpan.FromSeconds(1000));
    }

    /// <summary>Items ready to be handed out (not counting those being processed or waiting for a delay).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public bool ShuttingDown
    {
        get
        {
            lock (_lock)
            {
                return _shuttingDown;
            }
        }
    }

    public void Add(T item)
    {
        lock (_lock)
        {
            AddLocked(item);
        }
    }

    /// <summary>Adds <paramref name="item"/> once <paramref name="delay"/> has passed; an earlier pending add of the same item wins.</summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }

            if (delay <= TimeSpan.Zero)
            {
                AddLocked(item);
                return;
            }

            var readyAt = _time.GetUtcNow() + delay;
            if (_delayed.TryGetValue(item, out var pending))
            {
                if (pending.ReadyAt <= readyAt)
                {
                    return;
                }

                pending.Timer?.Dispose();
            }

            var delayed = new DelayedItem(readyAt);
            _delayed[item] = delayed;
            delayed.Timer = _time.CreateTimer(_ => Fire(item, delayed), null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Adds <paramref name="item"/> after its backoff: max(per-item exponential, overall token bucket).</summary>
    public void AddRateLimited(T item) => AddAfter(item, _rateLimiter.When(item));

    /// <summary>Resets the item's failure count (call after a successful sync).</summary>
    public void Forget(T item) => _rateLimiter.Forget(item);

    public int NumRequeues(T item) => _rateLimiter.NumRequeues(item);

    /// <summary>Waits for an item. After <see cref="ShutDown"/>, remaining items are still handed out, then (default, true).</summary>
    public ValueTask<(T Item, bool Shutdown)> GetAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource<(T Item, bool Shutdown)> waiter;
        LinkedListNode<TaskCompletionSource<(T Item, bool Shutdown)>> node;
        lock (_lock)
        {
            if (_queue.TryDequeue(out var item))
            {
                _dirty.Remove(item);
                _processing.Add(item);
                return ValueTask.FromResult((item, false));
            }

            if (_shuttingDown)
            {
                return ValueTask.FromResult((default(T)!, true));
            }

            waiter = new TaskCompletionSource<(T Item, bool Shutdown)>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }

        return WaitAsync(waiter, node, cancellationToken);
    }

    private async ValueTask<(T Item, bool Shutdown)> WaitAsync(TaskCompletionSource<(T Item, bool Shutdown)> waiter,
        LinkedListNode<TaskCompletionSource<(T Item, bool Shutdown)>> node, CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                // Once handed an item the waiter owns it; cancellation then comes too late to drop it.
                if (node.List is not null)
                {
                    _waiters.Remove(node);
                    waiter.TrySetCanceled(cancellationToken);
                }
            }
        }).ConfigureAwait(false);
        return await waiter.Task.ConfigureAwait(false);
    }

    /// <summary>Marks <paramref name="item"/> as processed; if it was added meanwhile it is queued again now.</summary>
    public void Done(T item)
    {
        lock (_lock)
        {
            _processing.Remove(item);
            if (_dirty.Contains(item))
            {
                HandOutLocked(item);
            }
        }
    }

    /// <summary>Stops accepting items; waiting and future <see cref="GetAsync"/> calls return Shutdown once the queue is empty.</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            _shuttingDown = true;
            foreach (var delayed in _delayed.Values)
            {
                delayed.Timer?.Dispose();
            }

            _delayed.Clear();
            foreach (var waiter in _waiters)
            {
                waiter.TrySetResult((default(T)!, true));
            }

            _waiters.Clear();
        }
    }

    private void Fire(T item, DelayedItem delayed)
    {
        lock (_lock)
        {
            if (!_delayed.TryGetValue(item, out var current) || current != delayed)
            {
                return;
            }

            _delayed.Remove(item);
            delayed.Timer?.Dispose();
            AddLocked(item);
        }
    }

    private void AddLocked(T item)
    {
        if (_shuttingDown || !_dirty.Add(item))
        {
            return;
        }

        if (!_processing.Contains(item))
        {
            HandOutLocked(item);
        }
    }

    private void HandOutLocked(T item)
    {
        if (_waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            _dirty.Remove(item);
            _processing.Add(item);
            first.Value.TrySetResult((item, false));
        }
        else
        {
            _queue.Enqueue(item);
        }
    }
}
