using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>A list of any resource, reduced to its items' metadata.</summary>
internal sealed class ObjectMetadataList : IItems<ObjectMetadata>, IMetadata<V1ListMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<ObjectMetadata> Items { get; set; } = [];
}
