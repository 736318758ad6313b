using System.Text.Json.Serialization;

namespace KubeSharp.Kubelet.Stats;

/// <summary>upstream's PodStats: the pod's own cpu and memory and its containers'.</summary>
internal sealed class PodStats
{
    [JsonPropertyName("podRef")]
    public required PodReference PodRef { get; init; }

    [JsonPropertyName("startTime")]
    [JsonConverter(typeof(KubeTimeJsonConverter))]
    public DateTimeOffset? StartTime { get; init; }

    [JsonPropertyName("containers")]
    public required List<ContainerStats> Containers { get; init; }

    [JsonPropertyName("cpu")]
    public CpuStats? Cpu { get; init; }

    [JsonPropertyName("memory")]
    public MemoryStats? Memory { get; init; }
}
