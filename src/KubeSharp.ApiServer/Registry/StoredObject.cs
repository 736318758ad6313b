using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Objects;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// How objects are kept in the store: JSON without resourceVersion, which is the entry's ModRevision and is put back on read
/// (as upstream's etcd3 store does).
/// </summary>
internal static class StoredObject
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };

    /// <summary>The object's JSON without metadata.resourceVersion, written as is (no copy of the object is made).</summary>
    public static byte[] Encode(JsonObject obj)
    {
        var buffer = JsonBuffer.Rent();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in obj)
            {
                writer.WritePropertyName(name);
                if (name == "metadata" && value is JsonObject meta)
                {
                    writer.WriteStartObject();
                    foreach (var (field, v) in meta)
                    {
                        if (field != "resourceVersion")
                        {
                            writer.WritePropertyName(field);
                            writer.WriteNodeOrNull(v);
                        }
                    }

                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteNodeOrNull(value);
                }
            }

            writer.WriteEndObject();
        }

        return JsonBuffer.ToArrayAndReturn(buffer);
    }

    public static JsonObject Decode(StoreEntry entry) => Decode(entry.Value, entry.ModRevision);

    public static JsonObject Decode(byte[] value, long revision)
    {
        var obj = JsonNode.Parse(value) as JsonObject ?? throw new InvalidDataException("stored value is not a JSON object");
        Meta.Metadata(obj)["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
        return obj;
    }
}
