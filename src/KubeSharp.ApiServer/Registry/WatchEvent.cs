using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Registry;

/// <summary>An event of a watch as the API sends it: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, with the object.</summary>
internal sealed record WatchEvent(string Type, JsonObject Object);
