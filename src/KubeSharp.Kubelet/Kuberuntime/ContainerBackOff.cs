namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>
/// Per-key exponential back-off (upstream's flowcontrol.Backoff): starts at the initial delay, doubles on each failure up to
/// the maximum, and is forgotten once nothing happened for twice the maximum (10 minutes with the 5-minute default).
/// </summary>
internal sealed class ContainerBackOff(TimeProvider time, TimeSpan initial, TimeSpan max)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (TimeSpan BackOff, DateTimeOffset LastUpdate)> _entries = new(StringComparer.Ordinal);

    public static ContainerBackOff CrashLoop(TimeProvider time) => new(time, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));

    /// <summary>The current delay of the key (zero if none).</summary>
    public TimeSpan Get(string key)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(key, out var entry) ? entry.BackOff : TimeSpan.Zero;
        }
    }

    /// <summary>Records a failure at <paramref name="eventTime"/>: doubles the delay, or restarts it when the entry expired.</summary>
    public void Next(string key, DateTimeOffset eventTime)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry) || Expired(eventTime, entry.LastUpdate))
            {
                _entries[key] = (initial, eventTime);
                return;
            }

            var doubled = entry.BackOff * 2;
            _entries[key] = (doubled > max ? max : doubled, eventTime);
        }
    }

    /// <summary>Whether less than the key's delay has passed since <paramref name="eventTime"/>.</summary>
    public bool IsInBackOffSince(string key, DateTimeOffset eventTime)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (!_entries.TryGetValue(key, out var entry) || Expired(now, entry.LastUpdate))
            {
                return false;
            }

            return now - eventTime < entry.BackOff;
        }
    }

    public void Reset(string key)
    {
        lock (_lock)
        {
            _entries.Remove(key);
        }
    }

    /// <summary>Drops entries that expired, so that keys of deleted pods do not pile up.</summary>
    public void GarbageCollect()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            foreach (var key in _entries.Where(e => Expired(now, e.Value.LastUpdate)).Select(e => e.Key).ToList())
            {
                _entries.Remove(key);
            }
        }
    }

    private bool Expired(DateTimeOffset eventTime, DateTimeOffset lastUpdate) => eventTime - lastUpdate > max * 2;
}
