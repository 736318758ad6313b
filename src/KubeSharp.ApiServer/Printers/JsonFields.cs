using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Printers;

/// <summary>Lenient reads from an object's JSON: a missing or mistyped field reads as Go's zero value.</summary>
internal static class JsonFields
{
    public static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var segment in path)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(segment, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string Str(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    public static string? StrOrNull(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static bool Has(JsonNode? node, params string[] path) => At(node, path) is not null;

    public static long Long(JsonNode? node, params string[] path) => LongOrNull(node, path) ?? 0;

    public static long? LongOrNull(JsonNode? node, params string[] path)
    {
        if (At(node, path) is not JsonValue v)
        {
            return null;
        }

        if (v.GetValueKind() == JsonValueKind.Number)
        {
            if (KubeSharp.Api.Objects.Meta.Long(v) is { } l)
            {
                return l;
            }

            if (v.TryGetValue<double>(out var d))
            {
                return (long)d;
            }
        }

        return null;
    }

    public static bool Bool(JsonNode? node, params string[] path) => BoolOrNull(node, path) ?? false;

    public static bool? BoolOrNull(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    public static IEnumerable<JsonObject> Objects(JsonNode? node, params string[] path) =>
        At(node, path) is JsonArray a ? a.OfType<JsonObject>() : [];

    public static IEnumerable<string> Strings(JsonNode? node, params string[] path) =>
        At(node, path) is JsonArray a ? a.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : "") : [];

    public static int Count(JsonNode? node, params string[] path) => At(node, path) switch
    {
        JsonArray a => a.Count,
        JsonObject o => o.Count,
        _ => 0,
    };

    public static DateTimeOffset? Time(JsonNode? node, params string[] path) =>
        StrOrNull(node, path) is { Length: > 0 } s &&
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    /// <summary>translateTimestampSince: the age of a timestamp, "&lt;unknown&gt;" when it is unset.</summary>
    public static string Since(DateTimeOffset? time, DateTimeOffset now) =>
        time is { } t ? HumanDuration.Format(now - t) : "<unknown>";

    public static string AgeOf(JsonObject obj, DateTimeOffset now) => Since(Time(obj, "metadata", "creationTimestamp"), now);

    public static string NameOf(JsonObject obj) => Str(obj, "metadata", "name");

    /// <summary>An IntOrString field as Go's IntOrString.String() prints it.</summary>
    public static string IntOrString(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => "",
    };

    /// <summary>A quantity as stored; an unset Quantity prints as "0".</summary>
    public static string Quantity(JsonNode? node, params string[] path) => At(node, path) switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => "0",
    };
}
