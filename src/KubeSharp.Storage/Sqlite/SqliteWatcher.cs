using System.Threading.Channels;

namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// One watch's bounded buffer of live events. The writer loop only ever calls <see cref="Offer"/>, which never blocks:
/// when the buffer is full the watch is ended with <see cref="StoreWatchTooSlowException"/>.
/// </summary>
internal sealed class SqliteWatcher(string prefix, int bufferSize)
{
    private readonly Channel<StoreWatchEvent> _events = Channel.CreateBounded<StoreWatchEvent>(
        new BoundedChannelOptions(bufferSize) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private int _offeredSinceTick;

    public string Prefix { get; } = prefix;

    public string PrefixEnd { get; } = KeyRange.PrefixEnd(prefix);

    public ChannelReader<StoreWatchEvent> Reader => _events.Reader;

    public bool Matches(string key) =>
        string.CompareOrdinal(key, Prefix) >= 0 && string.CompareOrdinal(key, PrefixEnd) < 0;

    /// <summary>Returns false when this call found the buffer full and ended the watch.</summary>
    public bool Offer(StoreWatchEvent e)
    {
        Volatile.Write(ref _offeredSinceTick, 1);
        if (_events.Writer.TryWrite(e))
        {
            return true;
        }

        return !_events.Writer.TryComplete(new StoreWatchTooSlowException(Prefix, bufferSize));
    }

    /// <summary>True when nothing was offered since the previous call (the watch is idle).</summary>
    public bool TakeIdle() => Interlocked.Exchange(ref _offeredSinceTick, 0) == 0;

    public void OfferBookmark(long revision) => _events.Writer.TryWrite(new StoreWatchEvent(StoreWatchEventType.Bookmark, revision, null, null));

    public void Close() => _events.Writer.TryComplete();
}
