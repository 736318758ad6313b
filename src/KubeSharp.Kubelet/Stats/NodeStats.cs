using System.Text.Json.Serialization;

namespace KubeSharp.Kubelet.Stats;

/// <summary>upstream's NodeStats (the subset the kubelet fills here: cpu and memory).</summary>
internal sealed class NodeStats
{
    [JsonPropertyName("nodeName")]
    public required string NodeName { get; init; }

    [JsonPropertyName("startTime")]
    [JsonConverter(typeof(KubeTimeJsonConverter))]
    public DateTimeOffset? StartTime { get; init; }

    [JsonPropertyName("cpu")]
    public CpuStats? Cpu { get; init; }

    [JsonPropertyName("memory")]
    public MemoryStats? Memory { get; init; }
}
