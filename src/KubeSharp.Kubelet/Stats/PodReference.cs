using System.Text.Json.Serialization;

namespace KubeSharp.Kubelet.Stats;

/// <summary>upstream's PodReference.</summary>
internal sealed record PodReference(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("uid")] string Uid);
