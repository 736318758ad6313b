using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeSharp.Kubelet.Stats;

/// <summary>Serializes the summary as the kubelet's /stats/summary does: absent values are omitted.</summary>
internal static class SummaryJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public static string Serialize(Summary summary) => JsonSerializer.Serialize(summary, Options);

    public static Summary? Deserialize(string json) => JsonSerializer.Deserialize<Summary>(json, Options);
}
