namespace KubeSharp.Storage;

/// <summary>
/// One change. <see cref="Entry"/> is the value after the change (for Deleted: the last value, with ModRevision set to
/// the deletion's revision; for Bookmark: null). <see cref="Previous"/> is the value before a Modified or Deleted change.
/// <see cref="Revision"/> is the change's revision (for Bookmark: the store's current revision).
/// </summary>
public sealed record StoreWatchEvent(StoreWatchEventType Type, long Revision, StoreEntry? Entry, StoreEntry? Previous);
