using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.Api.Objects;

/// <summary>Reads and writes the metadata of an object held as JSON.</summary>
public static class Meta
{
    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject m)
        {
            return m;
        }

        m = new JsonObject();
        obj["metadata"] = m;
        return m;
    }

    public static string? String(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static string? GetString(JsonObject? obj, string property) => obj is null ? null : String(obj[property]);

    public static long? GetLong(JsonObject? obj, string property) => Long(obj?[property]);

    /// <summary>An integral JSON number as a long, whatever CLR type backs the node (parsed, or built in code from an int).</summary>
    public static long? Long(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && long.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l)
            ? l
            : null;

    public static string Name(JsonObject obj) => GetString(obj["metadata"] as JsonObject, "name") ?? "";

    public static string Namespace(JsonObject obj) => GetString(obj["metadata"] as JsonObject, "namespace") ?? "";

    public static string Uid(JsonObject obj) => GetString(obj["metadata"] as JsonObject, "uid") ?? "";

    public static string ResourceVersion(JsonObject obj) => GetString(obj["metadata"] as JsonObject, "resourceVersion") ?? "";

    public static JsonObject? Labels(JsonObject obj) => (obj["metadata"] as JsonObject)?["labels"] as JsonObject;

    public static bool HasDeletionTimestamp(JsonObject obj) => (obj["metadata"] as JsonObject)?["deletionTimestamp"] is not null;

    public static IReadOnlyList<string> Finalizers(JsonObject obj) =>
        (obj["metadata"] as JsonObject)?["finalizers"] is JsonArray a ? a.Select(String).OfType<string>().ToList() : [];

    public static void SetFinalizers(JsonObject obj, IEnumerable<string> finalizers)
    {
        var list = finalizers.ToList();
        var m = Metadata(obj);
        if (list.Count == 0)
        {
            m.Remove("finalizers");
        }
        else
        {
            m["finalizers"] = new JsonArray(list.Select(f => (JsonNode)JsonValue.Create(f)).ToArray());
        }
    }

    /// <summary>Kubernetes times are RFC 3339 in UTC with whole seconds.</summary>
    public static string FormatTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTime(string? s) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    /// <summary>The value a field selector sees for a dotted path such as <c>spec.nodeName</c> ("" when absent).</summary>
    public static string? FieldValue(JsonObject obj, string path)
    {
        JsonNode? cur = obj;
        foreach (var part in path.Split('.'))
        {
            cur = (cur as JsonObject)?[part];
            if (cur is null)
            {
                return null;
            }
        }

        return cur switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v => v.ToJsonString(),
            _ => null,
        };
    }
}
