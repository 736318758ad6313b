using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>Any object reduced to its metadata (upstream's PartialObjectMetadata): all the garbage collector needs to keep of
/// every object in the cluster. Other fields are dropped on deserialize.</summary>
internal sealed class ObjectMetadata : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();
}
