using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;

namespace KubeSharp.Api.Serialization;

/// <summary>
/// The official client's own serializer options (its converters for times, quantities, IntOrString), so typed objects can
/// be read straight from UTF-8 (the clients' watch decoding, the API server's typed views) instead of through a string
/// or an intermediate JsonDocument.
/// </summary>
public static class KubernetesJsonOptions
{
    public static JsonSerializerOptions Shared { get; } = Capture();

    /// <summary>
    /// The same, but reading every object without <c>metadata.managedFields</c>, which are skipped unread: for informer
    /// caches, whose controllers never look at them (client-go's TransformStripManagedFields, which upstream's
    /// components and most controllers apply). Decoding them was a large part of every watch event's cost. An object
    /// written back without them keeps the stored ones.
    /// </summary>
    public static JsonSerializerOptions WithoutManagedFields { get; } = SkipManagedFields(Shared);

    private static JsonSerializerOptions Capture()
    {
        JsonSerializerOptions? options = null;
        KubernetesJson.AddJsonOptions(o => options = o);
        return options ?? throw new InvalidOperationException("KubernetesJson did not hand out its serializer options.");
    }

    private static JsonSerializerOptions SkipManagedFields(JsonSerializerOptions shared)
    {
        var resolver = shared.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver();
        var options = new JsonSerializerOptions(shared)
        {
            TypeInfoResolver = resolver.WithAddedModifier(info =>
            {
                if (info.Type == typeof(V1ObjectMeta) && info.Properties.FirstOrDefault(p => p.Name == "managedFields") is { } managedFields)
                {
                    info.Properties.Remove(managedFields);
                }
            }),
        };
        options.MakeReadOnly();
        return options;
    }
}
