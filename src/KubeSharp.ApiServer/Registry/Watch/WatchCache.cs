using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Registry.Watch;

/// <summary>
/// The watch cache of one resource (upstream's cacher): one store watch, started on the first client watch, whose
/// changes are kept in a window of recent events and fanned out to every client watch. Each change is serialised once
/// per API version, however many watchers receive it; selectors are matched on the cached object. It also keeps every
/// object's newest stored entry (listed when it starts, then kept by the changes), which writes start from instead of
/// reading the store, as upstream's GuaranteedUpdate starts from the cached object: a stale entry costs a conflict and
/// a store read, never a lost write. A watch from a revision older than the window is not served here: the registry
/// then watches the store itself, so resourceVersion semantics (history, 410 Gone after compaction) stay those of the
/// store.
/// </summary>
internal sealed class WatchCache(IStore store, string prefix, Func<long, JsonObject> bookmark, int capacity = WatchCache.DefaultCapacity,
    int watcherLimit = WatchCache.DefaultWatcherLimit)
{
    public const int DefaultCapacity = 1024;
    public const int DefaultWatcherLimit = 20_000;

    private readonly Lock _lock = new();
    private readonly CachedWatchEvent?[] _window = new CachedWatchEvent?[capacity];
    private readonly List<CacheWatcher> _watchers = [];
    private readonly Dictionary<string, StoreEntry> _state = new(StringComparer.Ordinal);
    private Task? _starting;
    private bool _ready;
    private int _head;
    private int _count;

    /// <summary>The window holds every change after this revision.</summary>
    private long _windowStart;

    /// <summary>The newest revision the cache has seen (a change or a bookmark).</summary>
    private long _revision;

    /// <summary>How many client watches the cache feeds now.</summary>
    public int WatcherCount
    {
        get
        {
            lock (_lock)
            {
                return _watchers.Count;
            }
        }
    }

    /// <summary>The newest entry of <paramref name="key"/> the cache has seen; false when it has none or is not running.
    /// It may be behind the store: a write from it must be conditional on its revision.</summary>
    public bool TryGet(string key, [NotNullWhen(true)] out StoreEntry? entry)
    {
        lock (_lock)
        {
            entry = null;
            return _ready && _state.TryGetValue(key, out entry);
        }
    }

    /// <summary>Every newest entry under <paramref name="keyPrefix"/> the cache has (a scan of all it holds: for small
    /// resources); false when it is not running.</summary>
    public bool TryList(string keyPrefix, [NotNullWhen(true)] out List<StoreEntry>? entries)
    {
        lock (_lock)
        {
            entries = _ready ? [.. _state.Values.Where(e => e.Key.StartsWith(keyPrefix, StringComparison.Ordinal))] : null;
            return entries is not null;
        }
    }

    /// <summary>
    /// A watcher of the keys under <paramref name="keyPrefix"/> that gets every change after <paramref name="fromRevision"/>,
    /// or null when the cache cannot serve that revision (older than its window or compacted in the store, or its store
    /// watch failed).
    /// </summary>
    public async Task<CacheWatcher?> JoinAsync(string keyPrefix, long fromRevision, ListOptions options, CancellationToken cancellationToken)
    {
        Task starting;
        lock (_lock)
        {
            starting = _starting ??= StartAsync(fromRevision);
        }

        try
        {
            await starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        bool replays;
        lock (_lock)
        {
            replays = fromRevision < _revision;
        }

        // Compaction is the store's business: a revision it dropped is Gone (410) even while this window still holds it.
        if (replays && fromRevision < await store.GetCompactedRevisionAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        lock (_lock)
        {
            if (!_ready || fromRevision < _windowStart)
            {
                return null;
            }

            var watcher = new CacheWatcher(keyPrefix, fromRevision, options, watcherLimit);
            for (var i = 0; i < _count; i++)
            {
                var e = _window[(_head + i) % _window.Length]!;
                Deliver(watcher, e);
                e.Release();
            }

            if (!watcher.Closed)
            {
                _watchers.Add(watcher);
            }

            return watcher;
        }
    }

    public void Leave(CacheWatcher watcher)
    {
        lock (_lock)
        {
            _watchers.Remove(watcher);
        }

        watcher.Close();
    }

    /// <summary>
    /// Starts the store watch at the first watcher's revision when the store still has its history (so that watcher, often
    /// an informer that just listed, is served here too), else at the store's current revision.
    /// </summary>
    private async Task StartAsync(long firstRevision)
    {
        try
        {
            var from = await store.GetCurrentRevisionAsync(CancellationToken.None).ConfigureAwait(false);
            if (firstRevision > 0 && firstRevision < from
                && firstRevision >= await store.GetCompactedRevisionAsync(CancellationToken.None).ConfigureAwait(false))
            {
                from = firstRevision;
            }

            if (from == 0)
            {
                // A store watch from 0 means "from whenever it registers", which leaves no revision to start the window at.
                throw new InvalidOperationException("the store has no revision yet");
            }

            var listed = await store.ListAsync(prefix, new StoreListOptions(Revision: from), CancellationToken.None).ConfigureAwait(false);
            lock (_lock)
            {
                _state.Clear();
                foreach (var entry in listed.Items)
                {
                    _state[entry.Key] = entry;
                }

                _windowStart = from;
                _revision = from;
                _head = 0;
                _count = 0;
                _ready = true;
            }

            _ = Task.Run(() => PumpAsync(from));
        }
        catch
        {
            lock (_lock)
            {
                _starting = null;
            }

            throw;
        }
    }

    private async Task PumpAsync(long from)
    {
        try
        {
            await foreach (var change in store.WatchAsync(prefix, from, CancellationToken.None).ConfigureAwait(false))
            {
                lock (_lock)
                {
                    if (change.Type == StoreWatchEventType.Bookmark)
                    {
                        Bookmark(change.Revision);
                    }
                    else
                    {
                        Append(new CachedWatchEvent(change));
                    }
                }
            }
        }
        catch (Exception)
        {
            // The store watch ended (the store closed, or it fell behind): every watcher ends and its client watches again.
        }
        finally
        {
            lock (_lock)
            {
                _ready = false;
                _starting = null;
                Array.Clear(_window);
                _count = 0;
                _state.Clear();
                foreach (var watcher in _watchers)
                {
                    watcher.Close();
                }

                _watchers.Clear();
            }
        }
    }

    private void Append(CachedWatchEvent e)
    {
        if (_count == _window.Length)
        {
            _windowStart = _window[_head]!.Revision;
            _window[_head] = e;
            _head = (_head + 1) % _window.Length;
        }
        else
        {
            _window[(_head + _count) % _window.Length] = e;
            _count++;
        }

        _revision = Math.Max(_revision, e.Revision);
        if (e.Type == StoreWatchEventType.Deleted)
        {
            _state.Remove(e.Key);
        }
        else
        {
            _state[e.Key] = e.Entry;
        }

        var closed = false;
        foreach (var watcher in _watchers)
        {
            Deliver(watcher, e);
            closed |= watcher.Closed;
        }

        e.Release();
        if (closed)
        {
            _watchers.RemoveAll(w => w.Closed);
        }
    }

    private void Bookmark(long revision)
    {
        _revision = Math.Max(_revision, revision);
        foreach (var watcher in _watchers)
        {
            if (watcher.Options.AllowWatchBookmarks && revision >= watcher.FromRevision)
            {
                watcher.Offer(new WatchEvent("BOOKMARK", bookmark(revision)));
            }
        }

        _watchers.RemoveAll(w => w.Closed);
    }

    /// <summary>Sends a change to one watcher as that watcher sees it through its selectors (as upstream's cacheWatcher).</summary>
    private static void Deliver(CacheWatcher watcher, CachedWatchEvent e)
    {
        if (e.Revision <= watcher.FromRevision || !e.Key.StartsWith(watcher.KeyPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var type = watcher.Filtered ? FilteredType(watcher.Options, e) : TypeName(e.Type);
        if (type is not null)
        {
            watcher.Offer(new WatchEvent(type, e.Object));
        }
    }

    /// <summary>The event type a watcher with selectors gets for a change (upstream's cacheWatcher), null for none.</summary>
    internal static string? FilteredType(ListOptions options, CachedWatchEvent e)
    {
        var obj = e.Object.SelectorView;
        if (e.Type == StoreWatchEventType.Deleted)
        {
            return FieldLabels.Matches(options, obj) ? "DELETED" : null;
        }

        var now = FieldLabels.Matches(options, obj);
        var before = e.Previous is { } previous && FieldLabels.Matches(options, previous);
        return (now, before) switch
        {
            (true, true) => "MODIFIED",
            (true, false) => "ADDED",
            (false, true) => "DELETED",
            _ => null,
        };
    }

    internal static string TypeName(StoreWatchEventType t) => t switch
    {
        StoreWatchEventType.Added => "ADDED",
        StoreWatchEventType.Modified => "MODIFIED",
        _ => "DELETED",
    };
}
