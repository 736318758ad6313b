using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Registry.Watch;

/// <summary>
/// A cached object as stored (JSON without resourceVersion) and its JSON bytes, made once per API version and shared by
/// every watcher that is sent the object (upstream's cachingObject). The bytes are the stored ones with the
/// resourceVersion put back into metadata, so most changes are never decoded at all; the object tree is built only for
/// what needs it (selectors, tables, metadata-only watches), once, and fully materialised so concurrent reads are safe.
/// </summary>
internal sealed class SerializedObject(byte[] stored, long revision)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };
    private readonly Lock _lock = new();
    private (string Version, byte[] Bytes)[] _encoded = [];
    private JsonObject? _object;
    private JsonObject? _selectorView;

    /// <summary>The object, decoded on first use. Shared: never change it.</summary>
    public JsonObject Object
    {
        get
        {
            lock (_lock)
            {
                if (_object is null)
                {
                    var decoded = StoredObject.Decode(stored, revision);
                    Materialize(decoded);
                    _object = decoded;
                }

                return _object;
            }
        }
    }

    /// <summary>
    /// The object for matching selectors: decoded on first use, its parts built only as far as the selectors look. Not
    /// thread-safe, so never handed out: the watch cache reads it under its own lock only.
    /// </summary>
    public JsonObject SelectorView => _selectorView ??= StoredObject.Decode(stored, revision);

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

            var apiVersion = ResourceInfo.ApiVersionOf(resource.Group, version);
            var encoded = WithResourceVersion(stored, revision, apiVersion, resource.Kind) ?? Encode(Object, apiVersion, resource.Kind);
            _encoded = [.. _encoded, (version, encoded)];
            return encoded;
        }
    }

    /// <summary>
    /// The stored bytes with <c>"resourceVersion"</c> added at the end of metadata, which is what decoding and writing
    /// them again gives; null when the object is not already of <paramref name="apiVersion"/> and <paramref name="kind"/>
    /// (a conversion) or its metadata is not an object, which the tree handles.
    /// </summary>
    internal static byte[]? WithResourceVersion(byte[] stored, long revision, string apiVersion, string kind)
    {
        var reader = new Utf8JsonReader(stored);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        bool apiVersionMatches = false, kindMatches = false;
        var metadataEnd = -1;
        var metadataEmpty = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("apiVersion"u8))
            {
                reader.Read();
                apiVersionMatches = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(apiVersion);
            }
            else if (reader.ValueTextEquals("kind"u8))
            {
                reader.Read();
                kindMatches = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(kind);
            }
            else if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                var start = reader.TokenStartIndex;
                reader.Skip();
                metadataEnd = (int)reader.TokenStartIndex;
                metadataEmpty = metadataEnd == start + 1;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!apiVersionMatches || !kindMatches || metadataEnd < 0)
        {
            return null;
        }

        var field = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{(metadataEmpty ? "" : ",")}\"resourceVersion\":\"{revision}\""));
        var bytes = new byte[stored.Length + field.Length];
        stored.AsSpan(0, metadataEnd).CopyTo(bytes);
        field.CopyTo(bytes.AsSpan(metadataEnd));
        stored.AsSpan(metadataEnd).CopyTo(bytes.AsSpan(metadataEnd + field.Length));
        return bytes;
    }

    private static byte[] Encode(JsonObject obj, string apiVersion, string kind)
    {
        var buffer = JsonBuffer.Rent();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (obj["apiVersion"] is JsonValue av && av.TryGetValue<string>(out var a) && a == apiVersion
                && obj["kind"] is JsonValue k && k.TryGetValue<string>(out var objKind) && objKind == kind)
            {
                obj.WriteTo(writer);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteString("kind", kind);
                writer.WriteString("apiVersion", apiVersion);
                foreach (var (name, value) in obj)
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

        return JsonBuffer.ToArrayAndReturn(buffer);
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
