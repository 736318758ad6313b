namespace KubeSharp.Client;

/// <summary>
/// client-go's default controller rate limiter: the larger of a per-item exponential backoff (base·2^failures, capped)
/// and an overall token bucket (10 qps, burst 100) that keeps a storm of failing items from hammering the API server.
/// </summary>
internal sealed class ControllerRateLimiter<T>
    where T : notnull
{
    private const double BucketQps = 10;
    private const double BucketBurst = 100;

    private readonly TimeProvider _time;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly Lock _lock = new();
    private readonly Dictionary<T, int> _failures = [];
    private double _tokens = BucketBurst;
    private long _lastRefill;

    public ControllerRateLimiter(TimeProvider time, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        _time = time;
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
        _lastRefill = time.GetTimestamp();
    }

    /// <summary>How long <paramref name="item"/> should wait before its next attempt; counts one more failure.</summary>
    public TimeSpan When(T item)
    {
        lock (_lock)
        {
            var failures = _failures.GetValueOrDefault(item);
            _failures[item] = failures + 1;
            var itemDelay = ItemDelay(failures);
            var bucketDelay = ReserveToken();
            return itemDelay > bucketDelay ? itemDelay : bucketDelay;
        }
    }

    public void Forget(T item)
    {
        lock (_lock)
        {
            _failures.Remove(item);
        }
    }

    public int NumRequeues(T item)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(item);
        }
    }

    private TimeSpan ItemDelay(int failures)
    {
        var ticks = _baseDelay.Ticks * Math.Pow(2, failures);
        return ticks >= _maxDelay.Ticks ? _maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Takes a token, going into debt when none is left (like golang.org/x/time/rate reservations): the debt is the wait.</summary>
    private TimeSpan ReserveToken()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_lastRefill, now);
        _lastRefill = now;
        _tokens = Math.Min(BucketBurst, _tokens + (elapsed.TotalSeconds * BucketQps));
        _tokens -= 1;
        return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / BucketQps);
    }
}
