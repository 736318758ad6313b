using System.Text.Json.Serialization;

namespace KubeSharp.Kubelet.Stats;

/// <summary>The kubelet's /stats/summary answer (upstream's k8s.io/kubelet/pkg/apis/stats/v1alpha1 Summary).</summary>
internal sealed class Summary
{
    [JsonPropertyName("node")]
    public required NodeStats Node { get; init; }

    [JsonPropertyName("pods")]
    public required List<PodStats> Pods { get; init; }
}
