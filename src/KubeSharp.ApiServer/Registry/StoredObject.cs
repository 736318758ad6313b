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
    public static byte[] Encode(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        (copy["metadata"] as JsonObject)?.Remove("resourceVersion");
        return JsonSerializer.SerializeToUtf8Bytes(copy);
    }

    public static JsonObject Decode(StoreEntry entry) => Decode(entry.Value, entry.ModRevision);

    public static JsonObject Decode(byte[] value, long revision)
    {
        var obj = JsonNode.Parse(value) as JsonObject ?? throw new InvalidDataException("stored value is not a JSON object");
        Meta.Metadata(obj)["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
        return obj;
    }
}
