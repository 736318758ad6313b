using System.Text.Json;
using k8s;

namespace KubeSharp.ApiServer.Registry.Validation;

/// <summary>The official client's serializer options (its converters for times, quantities, IntOrString), so typed views can be read from UTF-8 bytes.</summary>
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
