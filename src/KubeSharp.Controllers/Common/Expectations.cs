namespace KubeSharp.Controllers.Common;

/// <summary>
/// Upstream's UIDTrackingControllerExpectations: after a controller creates or deletes pods for an owner it must not act
/// on that owner again until its informer has observed those changes (or <see cref="Ttl"/> has passed), otherwise a sync
/// against a stale cache creates duplicates or deletes twice. Keys are owner keys ("ns/name"); deletions are tracked by
/// pod key so that only the pods this controller deleted count.
/// </summary>
internal sealed class Expectations(TimeProvider time)
{
    /// <summary>Upstream ExpectationsTimeout: a lost watch event must not block an owner forever.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (int Adds, HashSet<string> Deletes, DateTimeOffset Since)> _entries = new(StringComparer.Ordinal);

    /// <summary>True when nothing is pending for <paramref name="ownerKey"/> (or the expectations expired): the owner may be synced.</summary>
    public bool Satisfied(string ownerKey)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(ownerKey, out var entry))
            {
                return true;
            }

            return (entry.Adds <= 0 && entry.Deletes.Count == 0) || time.GetUtcNow() - entry.Since > Ttl;
        }
    }

    public void ExpectCreations(string ownerKey, int count)
    {
        lock (_lock)
        {
            _entries[ownerKey] = (count, new HashSet<string>(StringComparer.Ordinal), time.GetUtcNow());
        }
    }

    public void ExpectDeletions(string ownerKey, IEnumerable<string> podKeys)
    {
        lock (_lock)
        {
            _entries[ownerKey] = (0, new HashSet<string>(podKeys, StringComparer.Ordinal), time.GetUtcNow());
        }
    }

    /// <summary>A pod of the owner was seen created, or a planned creation failed or was skipped.</summary>
    public void CreationObserved(string ownerKey)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(ownerKey, out var entry))
            {
                _entries[ownerKey] = entry with { Adds = entry.Adds - 1 };
            }
        }
    }

    /// <summary>A pod of the owner was seen deleted (or being deleted), or a planned deletion failed.</summary>
    public void DeletionObserved(string ownerKey, string podKey)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(ownerKey, out var entry))
            {
                entry.Deletes.Remove(podKey);
            }
        }
    }

    /// <summary>Forgets the owner (it was deleted).</summary>
    public void Delete(string ownerKey)
    {
        lock (_lock)
        {
            _entries.Remove(ownerKey);
        }
    }
}
