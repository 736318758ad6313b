namespace KubeSharp.Storage;

/// <summary>Settings shared by the store implementations.</summary>
public sealed class StoreOptions
{
    /// <summary>How often an idle watch yields a bookmark with the current revision. Default: 5 s.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time source; injected so tests can run on fake time.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// How many events a watcher may have buffered before it is considered too slow and its stream ends with
    /// <see cref="StoreWatchTooSlowException"/> (so that a slow reader never holds up writers). Default: 10,000.
    /// </summary>
    public int WatchBufferSize { get; set; } = 10_000;

    /// <summary>
    /// etcd only: a prefix put in front of every key, so that several clusters can share one etcd (for example
    /// "/cluster-a"). Default: none.
    /// </summary>
    public string EtcdKeyPrefix { get; set; } = "";
}
