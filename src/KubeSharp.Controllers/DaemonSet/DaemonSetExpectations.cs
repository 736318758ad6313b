namespace KubeSharp.Controllers.DaemonSet;

/// <summary>
/// Upstream's ControllerExpectations for DaemonSets: after a sync creates or deletes pods, the DaemonSet is not acted on
/// again until the pod informer has observed them all (or <see cref="Ttl"/> passed), so that a sync on a stale cache
/// does not create a second pod for a node.
/// </summary>
internal sealed class DaemonSetExpectations(TimeProvider time)
{
    /// <summary>Upstream's ExpectationsTimeout: after this, a lost watch event no longer blocks the DaemonSet.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (int Add, int Delete, DateTimeOffset Since)> _records = new(StringComparer.Ordinal);

    /// <summary>True when nothing is pending for <paramref name="key"/>, or its expectations are fulfilled or expired.</summary>
    public bool Satisfied(string key)
    {
        lock (_lock)
        {
            return !_records.TryGetValue(key, out var record)
                || (record.Add <= 0 && record.Delete <= 0)
                || time.GetUtcNow() - record.Since > Ttl;
        }
    }

    /// <summary>Replaces the expectations of <paramref name="key"/>: <paramref name="add"/> creations and <paramref name="delete"/> deletions.</summary>
    public void Expect(string key, int add, int delete)
    {
        lock (_lock)
        {
            _records[key] = (add, delete, time.GetUtcNow());
        }
    }

    public void CreationObserved(string key) => Lower(key, 1, 0);

    public void DeletionObserved(string key) => Lower(key, 0, 1);

    /// <summary>Lowers the counts, e.g. for creations that failed or were skipped and will never be observed.</summary>
    public void Lower(string key, int add, int delete)
    {
        lock (_lock)
        {
            if (_records.TryGetValue(key, out var record))
            {
                _records[key] = (record.Add - add, record.Delete - delete, record.Since);
            }
        }
    }

    public void Forget(string key)
    {
        lock (_lock)
        {
            _records.Remove(key);
        }
    }
}
