namespace KubeSharp.Controllers.Job;

/// <summary>
/// Upstream's ControllerExpectations for the Job controller: after a sync creates N pods and deletes some, the Job is not
/// managed again until the informer has observed those creations and deletions (or <see cref="Timeout"/> passed), so that
/// a sync on a lagging cache does not create duplicates. Deletions are tracked by pod UID.
/// </summary>
internal sealed class JobExpectations(TimeProvider time)
{
    /// <summary>Upstream ExpectationsTimeout: a lost watch event must not block a Job for ever.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (int Adds, HashSet<string> Deletes, DateTimeOffset SetAt)> _entries = new(StringComparer.Ordinal);

    /// <summary>Replaces the expectations of <paramref name="key"/>.</summary>
    public void Expect(string key, int adds, IEnumerable<string> deleteUids)
    {
        lock (_lock)
        {
            _entries[key] = (adds, new HashSet<string>(deleteUids, StringComparer.Ordinal), time.GetUtcNow());
        }
    }

    /// <summary>A pod of the Job showed up, or a create failed and will never show up.</summary>
    public void CreationObserved(string key)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                _entries[key] = entry with { Adds = entry.Adds - 1 };
            }
        }
    }

    /// <summary>The pod got a deletionTimestamp or disappeared, or its delete failed.</summary>
    public void DeletionObserved(string key, string uid)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                entry.Deletes.Remove(uid);
            }
        }
    }

    public bool Satisfied(string key)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                return true;
            }

            return (entry.Adds <= 0 && entry.Deletes.Count == 0) || time.GetUtcNow() - entry.SetAt > Timeout;
        }
    }

    public void Forget(string key)
    {
        lock (_lock)
        {
            _entries.Remove(key);
        }
    }
}
