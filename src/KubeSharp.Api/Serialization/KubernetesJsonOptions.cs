using System.Text.Json;
using k8s;

namespace KubeSharp.Api.Serialization;

/// <summary>
/// The official client's own serializer options (its converters for times, quantities, IntOrString), so typed objects can
/// be read straight from UTF-8 (the clients' watch decoding, the API server's typed views) instead of through a string
/// or an intermediate JsonDocument.
/// </summary>
public static class KubernetesJsonOptions
{
    public static JsonSerializerOptions Shared { get; } = Capture();

    private static JsonSerializerOptions Capture()
    {
        JsonSerializerOptions? options = null;
        KubernetesJson.AddJsonOptions(o => options = o);
        return options ?? throw new InvalidOperationException("KubernetesJson did not hand out its serializer options.");
    }
}
