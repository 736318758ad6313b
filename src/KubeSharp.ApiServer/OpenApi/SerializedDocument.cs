using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>A built OpenAPI document with its serialized form and content hash.</summary>
internal sealed record SerializedDocument(JsonObject Document, byte[] Json, string Hash);
