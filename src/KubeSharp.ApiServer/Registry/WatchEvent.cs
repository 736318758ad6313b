using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Registry.Watch;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// An event of a watch as the API sends it: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, with the object. An event from
/// the watch cache carries the <see cref="Shared"/> object of every watcher instead: its serialised form is taken from
/// there, and <see cref="Object"/>, decoded only when asked for, must not be changed.
/// </summary>
internal sealed class WatchEvent
{
    private readonly JsonObject? _object;

    public WatchEvent(string type, JsonObject obj)
    {
        Type = type;
        _object = obj;
    }

    public WatchEvent(string type, SerializedObject shared)
    {
        Type = type;
        Shared = shared;
    }

    public string Type { get; }

    public JsonObject Object => _object ?? Shared!.Object;

    public SerializedObject? Shared { get; }
}
