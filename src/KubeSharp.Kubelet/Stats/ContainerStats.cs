using System.Text.Json.Serialization;

namespace KubeSharp.Kubelet.Stats;

/// <summary>upstream's ContainerStats (cpu and memory).</summary>
internal sealed class ContainerStats
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("startTime")]
    [JsonConverter(typeof(KubeTimeJsonConverter))]
    public DateTimeOffset? StartTime { get; init; }

    [JsonPropertyName("cpu")]
    public CpuStats? Cpu { get; init; }

    [JsonPropertyName("memory")]
    public MemoryStats? Memory { get; init; }
}
