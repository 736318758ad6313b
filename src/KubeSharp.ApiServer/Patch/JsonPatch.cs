using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patch;

/// <summary>
/// RFC 6902 JSON patch (application/json-patch+json). A body that is not a list of operation objects is a
/// 400 BadRequest; an operation that cannot be applied (failed test, missing path, bad op) is upstream's generic 422.
/// </summary>
internal static class JsonPatch
{
    /// <summary>Applies <paramref name="patch"/> to a copy of <paramref name="document"/> and returns the result.</summary>
    public static JsonNode Apply(JsonNode document, JsonNode patch)
    {
        if (patch is not JsonArray operations)
        {
            throw PatchErrors.Malformed($"json: cannot unmarshal {GoKind(patch)} into Go value of type jsonpatch.Patch");
        }

        foreach (var op in operations)
        {
            if (op is not JsonObject)
            {
                throw PatchErrors.Malformed($"json: cannot unmarshal {GoKind(op)} into Go value of type jsonpatch.Operation");
            }
        }

        JsonNode? root = document.DeepClone();
        foreach (var op in operations)
        {
            root = ApplyOperation(root, (JsonObject)op!);
        }

        return root ?? throw PatchErrors.Unprocessable();
    }

    private static JsonNode? ApplyOperation(JsonNode? root, JsonObject op)
    {
        var kind = StringMember(op, "op");
        var path = Pointer(StringMember(op, "path"));
        switch (kind)
        {
            case "add":
                return Add(root, path, RequiredValue(op));
            case "remove":
                return Remove(root, path, out _);
            case "replace":
                {
                    var value = RequiredValue(op);
                    _ = Get(root, path) ?? throw PatchErrors.Unprocessable();
                    root = Remove(root, path, out _);
                    return Add(root, path, value);
                }

            case "move":
                {
                    var from = Pointer(StringMember(op, "from"));
                    if (path.Count > from.Count && path.Take(from.Count).SequenceEqual(from))
                    {
                        // A value cannot be moved into one of its own children.
                        throw PatchErrors.Unprocessable();
                    }

                    root = Remove(root, from, out var moved);
                    return Add(root, path, moved);
                }

            case "copy":
                {
                    var from = Pointer(StringMember(op, "from"));
                    var value = Get(root, from) ?? throw PatchErrors.Unprocessable();
                    return Add(root, path, value.Value?.DeepClone());
                }

            case "test":
                {
                    var expected = RequiredValue(op);
                    var actual = Get(root, path);
                    if (actual is null || !JsonNode.DeepEquals(actual.Value, expected))
                    {
                        throw PatchErrors.Unprocessable();
                    }

                    return root;
                }

            default:
                throw PatchErrors.Unprocessable();
        }
    }

    private static string StringMember(JsonObject op, string name) =>
        op[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw PatchErrors.Unprocessable();

    private static JsonNode? RequiredValue(JsonObject op) =>
        op.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw PatchErrors.Unprocessable();

    private static List<string> Pointer(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw PatchErrors.Unprocessable();
        }

        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }

    /// <summary>The value at the path, wrapped so that a JSON null can be told from a missing value.</summary>
    private static StrongBox<JsonNode?>? Get(JsonNode? root, List<string> path)
    {
        var current = root;
        foreach (var token in path)
        {
            switch (current)
            {
                case JsonObject obj when obj.TryGetPropertyValue(token, out var child):
                    current = child;
                    break;
                case JsonArray arr when Index(token, arr.Count, allowEnd: false) is { } i:
                    current = arr[i];
                    break;
                default:
                    return null;
            }
        }

        return new StrongBox<JsonNode?>(current);
    }

    private static JsonNode? Add(JsonNode? root, List<string> path, JsonNode? value)
    {
        if (path.Count == 0)
        {
            return value;
        }

        var parent = Get(root, path[..^1])?.Value;
        var last = path[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray arr:
                if (last == "-")
                {
                    arr.Add(value);
                }
                else
                {
                    arr.Insert(Index(last, arr.Count, allowEnd: true) ?? throw PatchErrors.Unprocessable(), value);
                }

                break;
            default:
                throw PatchErrors.Unprocessable();
        }

        return root;
    }

    private static JsonNode? Remove(JsonNode? root, List<string> path, out JsonNode? removed)
    {
        if (path.Count == 0)
        {
            removed = root;
            return null;
        }

        var parent = Get(root, path[..^1])?.Value;
        var last = path[^1];
        switch (parent)
        {
            case JsonObject obj when obj.TryGetPropertyValue(last, out var child):
                obj.Remove(last);
                removed = child;
                return root;
            case JsonArray arr when Index(last, arr.Count, allowEnd: false) is { } i:
                removed = arr[i];
                arr.RemoveAt(i);
                return root;
            default:
                throw PatchErrors.Unprocessable();
        }
    }

    private static int? Index(string token, int count, bool allowEnd)
    {
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit)
            || !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i))
        {
            return null;
        }

        return i < count || (allowEnd && i == count) ? i : null;
    }

    private static string GoKind(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "null",
    };
}
