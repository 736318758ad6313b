using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Registry.Schema;

/// <summary>
/// Checks an incoming object against its kind's schema as upstream's decoder does: a wrong JSON type is a 400; unknown and
/// duplicate fields are, per fieldValidation, an error (Strict), a warning and dropped (Warn), or silently dropped (Ignore),
/// since upstream keeps only the fields its types know.
/// </summary>
internal sealed class SchemaChecker
{
    public void Check(JsonObject obj, ResourceInfo resource, string version, string fieldValidation, List<string> warnings,
        IReadOnlyList<string>? duplicates = null)
    {
        var type = Schema.ModelTypes.Find(resource.Group, version, resource.Kind);
        var unknown = new List<string>();
        if (duplicates is not null)
        {
            unknown.AddRange(duplicates.Select(d => $"duplicate field \"{d}\""));
        }

        if (type is not null)
        {
            Walk(obj, type, "", unknown, fieldValidation != "Strict", resource, version);
        }

        if (unknown.Count == 0)
        {
            return;
        }

        switch (fieldValidation)
        {
            case "Strict":
                throw ApiException.BadRequest("strict decoding error: " + string.Join(", ", unknown));
            case "Warn":
                warnings.AddRange(unknown);
                break;
        }
    }

    private static void Walk(JsonNode? node, Type type, string path, List<string> unknown, bool drop, ResourceInfo resource, string version)
    {
        if (node is null)
        {
            return;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        var kind = node.GetValueKind();
        if (type == typeof(object) || type == typeof(JsonElement) || type.Name is "IntOrString" or "ResourceQuantity")
        {
            if (type.Name == "IntOrString" && kind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                TypeError(resource, version, path, kind, "intstr.IntOrString");
            }

            if (type.Name == "ResourceQuantity" && kind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                TypeError(resource, version, path, kind, "resource.Quantity");
            }

            return;
        }

        if (type == typeof(string) || type == typeof(DateTime) || type == typeof(byte[]))
        {
            if (kind != JsonValueKind.String)
            {
                TypeError(resource, version, path, kind, "string");
            }

            return;
        }

        if (type == typeof(bool))
        {
            if (kind is not (JsonValueKind.True or JsonValueKind.False))
            {
                TypeError(resource, version, path, kind, "bool");
            }

            return;
        }

        if (type == typeof(int) || type == typeof(long))
        {
            if (kind != JsonValueKind.Number || KubeSharp.Api.Objects.Meta.Long(node) is not { } l || (type == typeof(int) && l is > int.MaxValue or < int.MinValue))
            {
                TypeError(resource, version, path, kind, type == typeof(int) ? "int32" : "int64");
            }

            return;
        }

        if (type == typeof(double) || type == typeof(float))
        {
            if (kind != JsonValueKind.Number)
            {
                TypeError(resource, version, path, kind, "float64");
            }

            return;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var g && (g == typeof(IDictionary<,>) || g == typeof(Dictionary<,>)))
        {
            if (node is not JsonObject map)
            {
                TypeError(resource, version, path, kind, "map");
                return;
            }

            var valueType = type.GetGenericArguments()[1];
            foreach (var (k, v) in map.ToList())
            {
                Walk(v, valueType, path + "." + k, unknown, drop, resource, version);
            }

            return;
        }

        if (type.IsGenericType && type.GetGenericArguments().Length == 1 && typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
        {
            if (node is not JsonArray arr)
            {
                TypeError(resource, version, path, kind, "array");
                return;
            }

            var itemType = type.GetGenericArguments()[0];
            for (var i = 0; i < arr.Count; i++)
            {
                Walk(arr[i], itemType, $"{path}[{i}]", unknown, drop, resource, version);
            }

            return;
        }

        if (node is not JsonObject obj)
        {
            TypeError(resource, version, path, kind, "object");
            return;
        }

        var props = ModelTypes.JsonProperties(type);
        foreach (var (name, value) in obj.ToList())
        {
            var child = path.Length == 0 ? name : path + "." + name;
            if (props.TryGetValue(name, out var prop))
            {
                Walk(value, prop.PropertyType, child, unknown, drop, resource, version);
            }
            else
            {
                unknown.Add($"unknown field \"{child}\"");
                if (drop)
                {
                    obj.Remove(name);
                }
            }
        }
    }

    private static void TypeError(ResourceInfo resource, string version, string path, JsonValueKind actual, string expected)
    {
        var what = actual switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "bool",
            JsonValueKind.Array => "array",
            JsonValueKind.Object => "object",
            _ => "null",
        };
        throw ApiException.BadRequest(
            $"{resource.Kind} in version \"{version}\" cannot be handled as a {resource.Kind}: json: cannot unmarshal {what} into Go struct field {path} of type {expected}");
    }
}
