namespace KubeSharp.Client;

/// <summary>
/// Like upstream's EventCorrelator/eventLogger: an event identical to one written within the window (same object, type, reason,
/// message, source) bumps that Event's count instead of creating another. Not thread-safe: the recorder's single writer owns it.
/// </summary>
internal sealed class EventCorrelator
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private const int MaxEntries = 4096;

    private readonly TimeProvider _time;
    private readonly Dictionary<string, CorrelatedEvent> _entries = new(StringComparer.Ordinal);
    private long _lastNanos;

    public EventCorrelator(TimeProvider time) => _time = time;

    public EventCorrelation Correlate(string key, string objectName)
    {
        var now = _time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && now - entry.LastTimestamp <= Window)
        {
            entry.Count++;
            entry.LastTimestamp = now;
            return new EventCorrelation(false, entry.Name, entry.Count, entry.FirstTimestamp, now);
        }

        Evict(now);
        entry = new CorrelatedEvent { Name = $"{objectName}.{NextNanos(now):x}", FirstTimestamp = now, LastTimestamp = now, Count = 1 };
        _entries[key] = entry;
        return new EventCorrelation(true, entry.Name, 1, now, now);
    }

    /// <summary>Forgets <paramref name="key"/>, e.g. after its Event was garbage-collected by the server, so the next one is created anew.</summary>
    public void Forget(string key) => _entries.Remove(key);

    /// <summary>Unix nanoseconds, strictly increasing so two events of one object never share a name.</summary>
    private long NextNanos(DateTimeOffset now)
    {
        var nanos = (now - DateTimeOffset.UnixEpoch).Ticks * 100;
        _lastNanos = Math.Max(nanos, _lastNanos + 1);
        return _lastNanos;
    }

    private void Evict(DateTimeOffset now)
    {
        if (_entries.Count < MaxEntries)
        {
            return;
        }

        foreach (var (key, entry) in _entries)
        {
            if (now - entry.LastTimestamp > Window)
            {
                _entries.Remove(key);
            }
        }

        if (_entries.Count >= MaxEntries)
        {
            var oldest = _entries.MinBy(e => e.Value.LastTimestamp).Key;
            _entries.Remove(oldest);
        }
    }
}
