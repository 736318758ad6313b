namespace KubeSharp.Kubelet.Simulation;

/// <summary>
/// Items that become due at given times, handed out in due order. One timer on the <see cref="TimeProvider"/> serves
/// the whole queue, so thousands of periodic heartbeats cost no task or timer each.
/// </summary>
internal sealed class DueQueue<T> : IDisposable
{
    private readonly PriorityQueue<T, DateTimeOffset> _queue = new();
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DueQueue(TimeProvider time)
    {
        _time = time;
        _timer = time.CreateTimer(static state => ((DueQueue<T>)state!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

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

    public void Enqueue(T item, DateTimeOffset due)
    {
        lock (_lock)
        {
            var wasEarliest = !_queue.TryPeek(out _, out var head) || due < head;
            _queue.Enqueue(item, due);
            if (wasEarliest)
            {
                _wake.TrySetResult();
            }
        }
    }

    /// <summary>Waits until the earliest item is due and returns it with its due time.</summary>
    public async Task<(T Item, DateTimeOffset Due)> DequeueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wake;
            lock (_lock)
            {
                var delay = Timeout.InfiniteTimeSpan;
                if (_queue.TryPeek(out var item, out var due))
                {
                    delay = due - _time.GetUtcNow();
                    if (delay <= TimeSpan.Zero)
                    {
                        _queue.Dequeue();
                        return (item, due);
                    }
                }

                if (_wake.Task.IsCompleted)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                wake = _wake.Task;
                _timer.Change(delay, Timeout.InfiniteTimeSpan);
            }

            await wake.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Wake()
    {
        lock (_lock)
        {
            _wake.TrySetResult();
        }
    }
}
