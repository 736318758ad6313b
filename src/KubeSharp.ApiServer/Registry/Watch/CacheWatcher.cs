using System.Threading.Channels;

namespace KubeSharp.ApiServer.Registry.Watch;

/// <summary>
/// One client watch fed by the watch cache (upstream's cacheWatcher): its namespace, selectors and starting revision,
/// and a queue the cache fills without ever blocking. A watcher that falls too far behind is closed, and its client
/// watches again from the last resourceVersion it saw, as with upstream's cacher.
/// </summary>
internal sealed class CacheWatcher(string keyPrefix, long fromRevision, ListOptions options, int limit)
{
    // Not SingleReader: only the general unbounded channel can count what is queued.
    private readonly Channel<WatchEvent> _events = Channel.CreateUnbounded<WatchEvent>();

    public string KeyPrefix { get; } = keyPrefix;

    /// <summary>Changes at or below this revision were already seen by the client.</summary>
    public long FromRevision { get; } = fromRevision;

    public ListOptions Options { get; } = options;

    public bool Filtered { get; } = !options.Labels.IsEverything || !options.Fields.IsEverything;

    public bool Closed { get; private set; }

    public ChannelReader<WatchEvent> Reader => _events.Reader;

    /// <summary>Queues an event; false when the watcher is closed (now or before) because it fell too far behind.</summary>
    public bool Offer(WatchEvent e)
    {
        if (Closed)
        {
            return false;
        }

        if (_events.Reader.Count >= limit)
        {
            Close();
            return false;
        }

        return _events.Writer.TryWrite(e);
    }

    public void Close()
    {
        Closed = true;
        _events.Writer.TryComplete();
    }
}
