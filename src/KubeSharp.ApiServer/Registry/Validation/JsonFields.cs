using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Registry.Validation;

/// <summary>Small, type-tolerant accessors for objects held as JSON: a value of the wrong JSON type reads as absent.</summary>
internal static class JsonFields
{
    public static JsonObject? Obj(JsonObject? o, string name) => o?[name] as JsonObject;

    public static JsonArray? Arr(JsonObject? o, string name) => o?[name] as JsonArray;

    public static string? Str(JsonObject? o, string name) =>
        o?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static long? Long(JsonObject? o, string name) => AsLong(o?[name]);

    /// <summary>An integral JSON number as a long, whatever CLR type backs the node (parsed, or built from an int in code).</summary>
    public static long? AsLong(JsonNode? node) => KubeSharp.Api.Objects.Meta.Long(node);

    public static bool? Bool(JsonObject? o, string name) => o?[name] is JsonValue v && v.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => true,
        _ => false,
    }
        ? v.GetValue<bool>()
        : null;

    /// <summary>True when the field is absent or JSON null, which Go's decoder treats alike.</summary>
    public static bool IsUnset(JsonObject o, string name) => !o.TryGetPropertyValue(name, out var v) || v is null;

    /// <summary>Sets a field when it is absent or null (upstream's "if x == nil { x = default }").</summary>
    public static void Default(JsonObject o, string name, JsonNode value)
    {
        if (IsUnset(o, name))
        {
            o[name] = value;
        }
    }

    /// <summary>Sets a string field when it is absent, null or empty (upstream's "if x == \"\"").</summary>
    public static void DefaultString(JsonObject o, string name, string value)
    {
        if (string.IsNullOrEmpty(Str(o, name)) && (IsUnset(o, name) || o[name] is JsonValue { } v && v.GetValueKind() == JsonValueKind.String))
        {
            o[name] = value;
        }
    }

    /// <summary>The child object, created when absent or null; null when the field holds something else.</summary>
    public static JsonObject? EnsureObj(JsonObject o, string name)
    {
        if (IsUnset(o, name))
        {
            var created = new JsonObject();
            o[name] = created;
            return created;
        }

        return o[name] as JsonObject;
    }

    public static IEnumerable<JsonObject> Objects(JsonArray? a) => a is null ? [] : a.OfType<JsonObject>();

    /// <summary>The string-to-string pairs of a map field (values of other types skipped).</summary>
    public static IEnumerable<KeyValuePair<string, string>> StringMap(JsonObject? o, string name) =>
        Obj(o, name) is { } m
            ? m.Where(kv => kv.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                .Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value!.GetValue<string>()))
            : [];

    /// <summary>Deep equality of two fields, absent and null alike.</summary>
    public static bool SameField(JsonObject? a, JsonObject? b, string name) => JsonNode.DeepEquals(a?[name], b?[name]);
}
