using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Registry.Watch;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// An event of a watch as the API sends it: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, with the object. When
/// <paramref name="Shared"/> is set the event came from the watch cache: <paramref name="Object"/> is shared by every
/// watcher and must not be changed, and its serialised form can be taken from <paramref name="Shared"/>.
/// </summary>
internal sealed record WatchEvent(string Type, JsonObject Object, SerializedObject? Shared = null);
