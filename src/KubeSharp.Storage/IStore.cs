namespace KubeSharp.Storage;

/// <summary>
/// A key-value store with Kubernetes storage semantics, as etcd v3 gives them: every write gets the next value of one
/// global, monotonically increasing revision, which the API server shows as resourceVersion. Values are opaque bytes
/// (the API server stores JSON). Only the API server uses this.
/// </summary>
public interface IStore : IAsyncDisposable
{
    /// <summary>The newest revision written (0 on an empty store).</summary>
    Task<long> GetCurrentRevisionAsync(CancellationToken cancellationToken);

    /// <summary>The key's current entry, or null when it does not exist.</summary>
    Task<StoreEntry?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// The entries whose key starts with <paramref name="prefix"/>, in key order, as of <c>options.Revision</c>
    /// (0: the newest). Throws <see cref="StoreCompactedException"/> for a revision older than the compacted one.
    /// </summary>
    Task<StoreListResult> ListAsync(string prefix, StoreListOptions options, CancellationToken cancellationToken);

    /// <summary>Counts the current entries under a prefix.</summary>
    Task<long> CountAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Creates the key; throws <see cref="StoreKeyExistsException"/> when it exists.</summary>
    Task<StoreEntry> CreateAsync(string key, byte[] value, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the key's value if its current ModRevision is <paramref name="expectedModRevision"/>.
    /// Throws <see cref="StoreConflictException"/> (carrying the current entry) when it is not, and
    /// <see cref="StoreKeyNotFoundException"/> when the key does not exist.
    /// </summary>
    Task<StoreEntry> UpdateAsync(string key, byte[] value, long expectedModRevision, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the key if its current ModRevision is <paramref name="expectedModRevision"/> (0: whatever it is).
    /// Returns the deleted value, with <see cref="StoreEntry.ModRevision"/> set to the revision of the deletion.
    /// Throws <see cref="StoreKeyNotFoundException"/> or <see cref="StoreConflictException"/>.
    /// </summary>
    Task<StoreEntry> DeleteAsync(string key, long expectedModRevision, CancellationToken cancellationToken);

    /// <summary>
    /// The changes to keys under <paramref name="prefix"/> with a revision greater than <paramref name="fromRevision"/>
    /// (0: from now on), in revision order, then live until cancelled. While idle it yields a
    /// <see cref="StoreWatchEventType.Bookmark"/> event with the store's current revision at least every
    /// <see cref="StoreOptions.BookmarkInterval"/>. Throws <see cref="StoreCompactedException"/> when
    /// <paramref name="fromRevision"/> is older than the compacted revision.
    /// </summary>
    IAsyncEnumerable<StoreWatchEvent> WatchAsync(string prefix, long fromRevision, CancellationToken cancellationToken);

    /// <summary>Drops history at and below <paramref name="revision"/>; current values are kept.</summary>
    Task CompactAsync(long revision, CancellationToken cancellationToken);

    /// <summary>The newest revision that has been compacted (0 if none).</summary>
    Task<long> GetCompactedRevisionAsync(CancellationToken cancellationToken);
}
