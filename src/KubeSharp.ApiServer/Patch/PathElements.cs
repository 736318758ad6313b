using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patch;

/// <summary>Builds the FieldsV1 path elements of list items: <c>k:{...}</c> for associative lists, <c>v:...</c> for sets.</summary>
internal static class PathElements
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Key fields upstream defaults, so that an item that omits them still matches the stored one.</summary>
    private static readonly Dictionary<string, string> KeyDefaults = new(StringComparer.Ordinal) { ["protocol"] = "TCP" };

    public static string Field(string name) => "f:" + name;

    /// <summary>Compact JSON with object members sorted, as key elements are spelled.</summary>
    public static string Json(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Key, Compact) + ":" + Json(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Json)) + "]",
        null => "null",
        _ => node.ToJsonString(Compact),
    };

    /// <summary>The element naming <paramref name="item"/> in a "map" or "set" list; null when it cannot be named.</summary>
    public static string? Item(JsonNode? item, PatchSchema list)
    {
        if (list.ListType == "set")
        {
            return item is JsonObject or JsonArray ? null : "v:" + Json(item);
        }

        if (list.ListType != "map" || item is not JsonObject obj)
        {
            return null;
        }

        var key = new JsonObject();
        foreach (var name in list.ListMapKeys.Order(StringComparer.Ordinal))
        {
            if (obj.TryGetPropertyValue(name, out var value) && value is not null)
            {
                key[name] = value.DeepClone();
            }
            else if (KeyDefaults.TryGetValue(name, out var fallback))
            {
                key[name] = fallback;
            }
        }

        return key.Count == 0 ? null : "k:" + Json(key);
    }
}
