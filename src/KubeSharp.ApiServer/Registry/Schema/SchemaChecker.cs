using System.Collections.Concurrent;
using System.Reflection;
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
            WalkObject(obj, ShapeOf(type).Properties ?? [], "", unknown, fieldValidation != "Strict", resource, version);
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

    /// <summary>What the walk needs to know of a model type, worked out once per type instead of by reflection at every node.</summary>
    private sealed record Shape(ShapeKind Kind, string Expected, Type? Element = null, Dictionary<string, PropertyInfo>? Properties = null);

    private enum ShapeKind
    {
        Any,
        IntOrString,
        String,
        Bool,
        Int32,
        Int64,
        Float,
        Map,
        List,
        Object,
    }

    private static readonly ConcurrentDictionary<Type, Shape> Shapes = new();

    private static Shape ShapeOf(Type type) => Shapes.GetOrAdd(type, static t =>
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        if (t == typeof(object) || t == typeof(JsonElement))
        {
            return new Shape(ShapeKind.Any, "");
        }

        if (t.Name is "IntOrString" or "ResourceQuantity")
        {
            return new Shape(ShapeKind.IntOrString, t.Name == "IntOrString" ? "intstr.IntOrString" : "resource.Quantity");
        }

        if (t == typeof(string) || t == typeof(DateTime) || t == typeof(byte[]))
        {
            return new Shape(ShapeKind.String, "string");
        }

        if (t == typeof(bool))
        {
            return new Shape(ShapeKind.Bool, "bool");
        }

        if (t == typeof(int) || t == typeof(long))
        {
            return t == typeof(int) ? new Shape(ShapeKind.Int32, "int32") : new Shape(ShapeKind.Int64, "int64");
        }

        if (t == typeof(double) || t == typeof(float))
        {
            return new Shape(ShapeKind.Float, "float64");
        }

        if (t.IsGenericType && t.GetGenericTypeDefinition() is var g && (g == typeof(IDictionary<,>) || g == typeof(Dictionary<,>)))
        {
            return new Shape(ShapeKind.Map, "map", t.GetGenericArguments()[1]);
        }

        if (t.IsGenericType && t.GetGenericArguments().Length == 1 && typeof(System.Collections.IEnumerable).IsAssignableFrom(t))
        {
            return new Shape(ShapeKind.List, "array", t.GetGenericArguments()[0]);
        }

        return new Shape(ShapeKind.Object, "object", Properties: ModelTypes.JsonProperties(t));
    });

    /// <summary>
    /// Checks <paramref name="node"/> against <paramref name="type"/>. The node's path is <paramref name="parent"/> joined with
    /// <paramref name="name"/>, built only when an error names it or a container passes it on: most nodes are scalar leaves.
    /// </summary>
    private static void Walk(JsonNode? node, Type type, string parent, string name, List<string> unknown, bool drop, ResourceInfo resource,
        string version)
    {
        if (node is null)
        {
            return;
        }

        var shape = ShapeOf(type);
        var kind = node.GetValueKind();
        var fits = shape.Kind switch
        {
            ShapeKind.Any => true,
            ShapeKind.IntOrString => kind is JsonValueKind.String or JsonValueKind.Number,
            ShapeKind.String => kind == JsonValueKind.String,
            ShapeKind.Bool => kind is JsonValueKind.True or JsonValueKind.False,
            ShapeKind.Int32 => kind == JsonValueKind.Number && KubeSharp.Api.Objects.Meta.Long(node) is >= int.MinValue and <= int.MaxValue,
            ShapeKind.Int64 => kind == JsonValueKind.Number && KubeSharp.Api.Objects.Meta.Long(node) is not null,
            ShapeKind.Float => kind == JsonValueKind.Number,
            ShapeKind.Map => node is JsonObject,
            ShapeKind.List => node is JsonArray,
            _ => node is JsonObject,
        };
        if (!fits)
        {
            TypeError(resource, version, PathOf(parent, name), kind, shape.Expected);
        }

        switch (shape.Kind)
        {
            case ShapeKind.Map:
            {
                var path = PathOf(parent, name);
                foreach (var (key, value) in (JsonObject)node)
                {
                    Walk(value, shape.Element!, path, key, unknown, drop, resource, version);
                }

                return;
            }

            case ShapeKind.List:
            {
                var path = PathOf(parent, name);
                var array = (JsonArray)node;
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], shape.Element!, path, $"[{i}]", unknown, drop, resource, version);
                }

                return;
            }

            case ShapeKind.Object:
                WalkObject((JsonObject)node, shape.Properties!, PathOf(parent, name), unknown, drop, resource, version);
                return;
        }
    }

    private static void WalkObject(JsonObject obj, Dictionary<string, PropertyInfo> properties, string path, List<string> unknown, bool drop,
        ResourceInfo resource, string version)
    {
        List<string>? dropped = null;
        foreach (var (name, value) in obj)
        {
            if (properties.TryGetValue(name, out var property))
            {
                Walk(value, property.PropertyType, path, name, unknown, drop, resource, version);
            }
            else
            {
                unknown.Add($"unknown field \"{PathOf(path, name)}\"");
                if (drop)
                {
                    (dropped ??= []).Add(name);
                }
            }
        }

        foreach (var name in dropped ?? [])
        {
            obj.Remove(name);
        }
    }

    /// <summary>Upstream's field path: names joined by dots, list indexes appended as they are.</summary>
    private static string PathOf(string parent, string name) =>
        parent.Length == 0 ? name : name.StartsWith('[') ? parent + name : parent + "." + name;

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
