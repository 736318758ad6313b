using System.Text.Json.Serialization;

namespace KubeSharp.Kubelet.Stats;

/// <summary>upstream's CPUStats: a rate in nanocores over the last sampling window and the cumulative core time.</summary>
internal sealed class CpuStats
{
    [JsonPropertyName("time")]
    [JsonConverter(typeof(KubeTimeJsonConverter))]
    public required DateTimeOffset Time { get; init; }

    [JsonPropertyName("usageNanoCores")]
    public ulong? UsageNanoCores { get; init; }

    [JsonPropertyName("usageCoreNanoSeconds")]
    public ulong? UsageCoreNanoSeconds { get; init; }
}
