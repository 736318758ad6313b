using System.Text.Json.Serialization;

namespace KubeSharp.Kubelet.Stats;

/// <summary>upstream's MemoryStats.</summary>
internal sealed class MemoryStats
{
    [JsonPropertyName("time")]
    [JsonConverter(typeof(KubeTimeJsonConverter))]
    public required DateTimeOffset Time { get; init; }

    [JsonPropertyName("availableBytes")]
    public ulong? AvailableBytes { get; init; }

    [JsonPropertyName("usageBytes")]
    public ulong? UsageBytes { get; init; }

    [JsonPropertyName("workingSetBytes")]
    public ulong? WorkingSetBytes { get; init; }

    [JsonPropertyName("rssBytes")]
    public ulong? RssBytes { get; init; }

    [JsonPropertyName("pageFaults")]
    public ulong? PageFaults { get; init; }

    [JsonPropertyName("majorPageFaults")]
    public ulong? MajorPageFaults { get; init; }
}
