using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Registry;

/// <summary>A page of objects and the list metadata that goes with it.</summary>
internal sealed record ListResult(IReadOnlyList<JsonObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);
