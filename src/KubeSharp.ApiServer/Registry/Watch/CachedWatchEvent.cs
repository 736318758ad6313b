using System.Text.Json.Nodes;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Registry.Watch;

/// <summary>
/// One change in the watch cache's window. The object (and the previous one, which only selectors need) is made on
/// first use, once for all watchers of that moment; the cache calls these under its lock only.
/// </summary>
internal sealed class CachedWatchEvent(StoreWatchEvent change)
{
    private SerializedObject? _object;
    private JsonObject? _previous;

    public StoreWatchEventType Type => change.Type;

    public long Revision => change.Revision;

    public string Key => change.Entry!.Key;

    /// <summary>The entry as stored at this change (for a deletion, the last one).</summary>
    public StoreEntry Entry => change.Entry!;

    public SerializedObject Object => _object ??= new SerializedObject(change.Entry!.Value, change.Revision);

    /// <summary>
    /// Lets go of the decoded objects once the watchers present have been sent them (their queues keep what they need):
    /// the window then holds only the stored bytes, and a later replay decodes again.
    /// </summary>
    public void Release()
    {
        _object = null;
        _previous = null;
    }

    /// <summary>The object before a Modified or Deleted change, or null.</summary>
    public JsonObject? Previous =>
        _previous ??= change.Previous is { } p && change.Type != StoreWatchEventType.Added ? StoredObject.Decode(p.Value, p.ModRevision) : null;
}
