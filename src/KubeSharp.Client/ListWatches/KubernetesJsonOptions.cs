using System.Text.Json;
using k8s;

namespace KubeSharp.Client;

/// <summary>
/// The official client's own serializer options (its converters for times, quantities, IntOrString), so typed objects can
/// be read straight from UTF-8 with a <see cref="Utf8JsonReader"/> instead of through an intermediate JsonDocument.
/// </summary>
internal static class KubernetesJsonOptions
{
    public static JsonSerializerOptions Shared { get; } = Capture();

    private static JsonSerializerOptions Capture()
    {
        JsonSerializerOptions? options = null;
        KubernetesJson.AddJsonOptions(o => options = o);
        return options ?? throw new InvalidOperationException("KubernetesJson did not hand out its serializer options.");
    }
}
