namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// In-memory fan-out of committed changes to the live watchers. The writer loop publishes each committed batch under
/// the lock; a watcher registers under the same lock and learns the last published revision, so a watch replays the
/// log up to that revision and takes everything later from its buffer: no gap, no duplicate.
/// </summary>
internal sealed class SqliteWatchHub(long revision)
{
    private readonly Lock _lock = new();
    private SqliteWatcher[] _watchers = [];
    private long _lastPublished = revision;

    public event Action<SqliteWatcher>? WatcherTooSlow;

    public long Register(SqliteWatcher watcher)
    {
        lock (_lock)
        {
            _watchers = [.. _watchers, watcher];
            return _lastPublished;
        }
    }

    public void Unregister(SqliteWatcher watcher)
    {
        lock (_lock)
        {
            _watchers = Array.FindAll(_watchers, w => w != watcher);
        }
    }

    public void Publish(IReadOnlyList<StoreWatchEvent> events, long revision)
    {
        List<SqliteWatcher>? tooSlow = null;
        lock (_lock)
        {
            foreach (var watcher in _watchers)
            {
                foreach (var e in events)
                {
                    if (watcher.Matches(e.Entry!.Key) && !watcher.Offer(e))
                    {
                        (tooSlow ??= []).Add(watcher);
                        break;
                    }
                }
            }

            _lastPublished = revision;
        }

        if (tooSlow is not null)
        {
            foreach (var watcher in tooSlow)
            {
                Unregister(watcher);
                WatcherTooSlow?.Invoke(watcher);
            }
        }
    }

    /// <summary>Queued behind every event already offered, so its revision never runs ahead of the events before it.</summary>
    public void Bookmark(SqliteWatcher watcher)
    {
        lock (_lock)
        {
            watcher.OfferBookmark(_lastPublished);
        }
    }

    public void CloseAll()
    {
        lock (_lock)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Close();
            }

            _watchers = [];
        }
    }
}
