using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Registry.Watch;

/// <summary>
/// A cached object and its JSON bytes, made once per API version and shared by every watcher that is sent the object
/// (upstream's cachingObject). The object is fully materialised before it is shared, so concurrent reads are safe.
/// </summary>
internal sealed class SerializedObject
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };
    private readonly Lock _lock = new();
    private (string Version, byte[] Bytes)[] _encoded = [];

    public SerializedObject(JsonObject obj)
    {
        Materialize(obj);
        Object = obj;
    }

    public JsonObject Object { get; }

    /// <summary>The object as a client of <paramref name="version"/> gets it: kind and apiVersion first (as ResourceHandler.Output).</summary>
    public byte[] For(ResourceInfo resource, string version)
    {
        lock (_lock)
        {
            foreach (var (v, bytes) in _encoded)
            {
                if (v == version)
                {
                    return bytes;
                }
            }

            var encoded = Encode(resource, version);
            _encoded = [.. _encoded, (version, encoded)];
            return encoded;
        }
    }

    private byte[] Encode(ResourceInfo resource, string version)
    {
        var apiVersion = ResourceInfo.ApiVersionOf(resource.Group, version);
        var buffer = JsonBuffer.Rent();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (Object["apiVersion"] is JsonValue av && av.TryGetValue<string>(out var a) && a == apiVersion
                && Object["kind"] is JsonValue k && k.TryGetValue<string>(out var kind) && kind == resource.Kind)
            {
                Object.WriteTo(writer);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteString("kind", resource.Kind);
                writer.WriteString("apiVersion", apiVersion);
                foreach (var (name, value) in Object)
                {
                    if (name is "kind" or "apiVersion")
                    {
                        continue;
                    }

                    writer.WritePropertyName(name);
                    writer.WriteNodeOrNull(value);
                }

                writer.WriteEndObject();
            }
        }

        var bytes = buffer.WrittenSpan.ToArray();
        JsonBuffer.Return(buffer);
        return bytes;
    }

    /// <summary>A parsed JsonNode builds its children lazily on first access, which is not thread-safe: build them all now.</summary>
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    Materialize(child);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Materialize(child);
                }

                break;
        }
    }
}
