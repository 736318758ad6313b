using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Serialization;

namespace KubeSharp.ApiServer.Registry.Validation;

/// <summary>
/// Reads a JSON object as its typed k8s.Models view. Doing so checks every field's JSON type the way upstream's decoder
/// does, so a value like <c>replicas: "three"</c> is answered with upstream's 400 ("cannot be handled as a ...") before
/// defaulting or validation look at it. The typed view is read-only; changes are made on the JSON.
/// </summary>
internal static partial class TypedObject
{
    private const string QuantityMessage = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    [GeneratedRegex(@"^V\d+((alpha|beta)\d+)?")]
    private static partial Regex VersionPrefix();

    [GeneratedRegex(@"\[\d+\]|\['[^']*'\]")]
    private static partial Regex Indexes();

    public static T Read<T>(JsonObject obj, string kind)
        where T : class => Read<T>(obj, kind, null);

    /// <summary>
    /// Reads only the named top-level <paramref name="properties"/> (all when null): a write that can change only part of an
    /// object (a status update) need not decode the rest, which was checked when it was stored.
    /// </summary>
    public static T Read<T>(JsonObject obj, string kind, string[]? properties)
        where T : class
    {
        var version = JsonFields.Str(obj, "apiVersion") is { } av ? av[(av.IndexOf('/', StringComparison.Ordinal) + 1)..] : "v1";
        try
        {
            // UTF-8 straight from the tree: a JSON string in between was transcoded twice on every read.
            var buffer = JsonBuffer.Rent();
            T? typed;
            try
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    Write(writer, obj, properties);
                }

                typed = JsonSerializer.Deserialize<T>(buffer.WrittenSpan, KubernetesJsonOptions.Shared);
            }
            finally
            {
                JsonBuffer.Return(buffer);
            }

            return typed ?? throw ApiException.BadRequest($"{kind} in version \"{version}\" cannot be handled as a {kind}: empty object");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"{kind} in version \"{version}\" cannot be handled as a {kind}: {Describe(typeof(T), obj, e)}");
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or InvalidOperationException or NotSupportedException)
        {
            var fromQuantity = e.StackTrace?.Contains(nameof(k8s.Models.ResourceQuantity), StringComparison.Ordinal) == true
                || e.Message.Contains("quantit", StringComparison.OrdinalIgnoreCase);
            var detail = fromQuantity ? QuantityMessage : e.Message;
            throw ApiException.BadRequest($"{kind} in version \"{version}\" cannot be handled as a {kind}: {detail}");
        }
    }

    private static void Write(Utf8JsonWriter writer, JsonObject obj, string[]? properties)
    {
        if (properties is null)
        {
            obj.WriteTo(writer);
            return;
        }

        writer.WriteStartObject();
        foreach (var name in properties)
        {
            if (obj.TryGetPropertyValue(name, out var value))
            {
                writer.WritePropertyName(name);
                writer.WriteNodeOrNull(value);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Go's decoder message: "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32".</summary>
    private static string Describe(Type root, JsonObject obj, JsonException e)
    {
        if (e.Path is not { Length: > 2 } path || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return "json: " + e.Message;
        }

        var type = root;
        string? owner = null;
        JsonNode? node = obj;
        foreach (var token in Tokens(path[2..]))
        {
            if (token.StartsWith('['))
            {
                type = ElementType(type) ?? type;
                node = node is JsonArray a && int.TryParse(token[1..^1], out var i) && i < a.Count ? a[i] : node is JsonObject o ? o[token.Trim('[', ']', '\'')] : null;
                continue;
            }

            var prop = type.GetProperties().FirstOrDefault(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == token);
            if (prop is null)
            {
                return "json: " + e.Message;
            }

            owner = GoName(type);
            type = Nullable.GetUnderlyingType(prop.PropertyType) ?? prop.PropertyType;
            node = (node as JsonObject)?[token];
        }

        var field = Indexes().Replace(path[2..], "");
        var jsonKind = node?.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "bool",
            JsonValueKind.Array => "array",
            JsonValueKind.Object => "object",
            _ => "value",
        };
        return $"json: cannot unmarshal {jsonKind} into Go struct field {owner}.{field} of type {GoType(type)}";
    }

    private static IEnumerable<string> Tokens(string path)
    {
        var start = 0;
        for (var i = 0; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] == '.' || path[i] == '[')
            {
                if (i > start)
                {
                    yield return path[start..i];
                }

                if (i < path.Length && path[i] == '[')
                {
                    var end = path.IndexOf(']', i);
                    if (end < 0)
                    {
                        yield break;
                    }

                    yield return path[i..(end + 1)];
                    i = end;
                }

                start = i + 1;
            }
        }
    }

    private static Type? ElementType(Type t)
    {
        if (t.IsGenericType && typeof(IDictionary).IsAssignableFrom(t) || t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)))
        {
            return t.GetGenericArguments()[^1];
        }

        return t.IsGenericType && typeof(IEnumerable).IsAssignableFrom(t) ? t.GetGenericArguments()[0] : null;
    }

    private static string GoName(Type t) => VersionPrefix().Replace(t.Name, "");

    private static string GoType(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        if (t == typeof(int))
        {
            return "int32";
        }

        if (t == typeof(long))
        {
            return "int64";
        }

        if (t == typeof(double))
        {
            return "float64";
        }

        if (t == typeof(string) || t == typeof(bool))
        {
            return t == typeof(bool) ? "bool" : "string";
        }

        if (t == typeof(DateTime))
        {
            return "v1.Time";
        }

        if (t != typeof(string) && t.IsGenericType && ElementType(t) is { } el)
        {
            return t.GetGenericArguments().Length == 2 ? "map[string]" + GoType(el) : "[]" + GoType(el);
        }

        return t.Name switch
        {
            "IntOrString" or "IntstrIntOrString" => "intstr.IntOrString",
            "ResourceQuantity" => "resource.Quantity",
            _ => "v1." + GoName(t),
        };
    }
}
