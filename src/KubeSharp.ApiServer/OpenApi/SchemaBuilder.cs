using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// Builds OpenAPI schemas for KubernetesClient model classes by reflection: properties from [JsonPropertyName], descriptions
/// from the package's XML documentation, GVKs on kinds, and the apimachinery scalar types (Quantity, IntOrString, Time) as upstream.
/// Swagger 2.0 refers to #/definitions/, OpenAPI 3 to #/components/schemas/ and wraps described references in allOf, as upstream does.
/// </summary>
internal sealed class SchemaBuilder(ModelTypes types, ModelDocumentation docs, bool openApi3)
{
    private const string Meta = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private const string Quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    private const string IntOrStringName = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    private const string RawExtension = "io.k8s.apimachinery.pkg.runtime.RawExtension";

    private static readonly HashSet<string> MicroTimeFields = ["eventTime", "acquireTime", "renewTime", "lastObservedTime"];

    private readonly Dictionary<Type, string> _names = [];

    public JsonObject Definitions { get; } = [];

    public string RefPrefix => openApi3 ? "#/components/schemas/" : "#/definitions/";

    public JsonObject Ref(string definition) => new() { ["$ref"] = RefPrefix + definition };

    /// <summary>Adds the definition of a model class and everything it refers to; returns its name.</summary>
    public string Add(Type type)
    {
        if (_names.TryGetValue(type, out var existing))
        {
            return existing;
        }

        var name = types.DefinitionName(type);
        _names[type] = name;
        var shortName = name[(name.LastIndexOf('.') + 1)..];
        var schema = new JsonObject();
        if (docs.Of(type) is { } description)
        {
            schema["description"] = description;
        }

        var properties = new JsonObject();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Json: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name))
            .Where(p => p.Json is not null)
            .OrderBy(p => p.Json, StringComparer.Ordinal))
        {
            properties[property.Json!] = PropertySchema(type, shortName, property.Property, property.Json!);
        }

        var required = FieldExtensions.RequiredOf(shortName).Where(properties.ContainsKey).ToList();
        if (required.Count > 0)
        {
            schema["required"] = new JsonArray([.. required.Select(r => JsonValue.Create(r))]);
        }

        schema["properties"] = properties;
        schema["type"] = "object";
        if (type.GetCustomAttribute<KubernetesEntityAttribute>() is { } entity && !string.IsNullOrEmpty(entity.Kind))
        {
            schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject
            {
                ["group"] = entity.Group ?? "",
                ["kind"] = entity.Kind,
                ["version"] = entity.ApiVersion,
            });
        }

        Definitions[name] = schema;
        return name;
    }

    /// <summary>Adds a definition that has no model class (Patch, Status-like helpers).</summary>
    public void AddScalar(string name, JsonObject schema) => Definitions.TryAdd(name, schema);

    private JsonObject PropertySchema(Type owner, string ownerShortName, PropertyInfo property, string jsonName)
    {
        var schema = TypeSchema(property.PropertyType, owner, jsonName);
        var description = docs.Of(property);
        if (schema.ContainsKey("$ref") && description is not null && openApi3)
        {
            schema = new JsonObject { ["allOf"] = new JsonArray(schema) };
        }

        if (description is not null)
        {
            schema["description"] = description;
        }

        if (FieldExtensions.For(ownerShortName, jsonName) is { } extension)
        {
            if (extension.ListMapKeys is { } keys)
            {
                schema["x-kubernetes-list-map-keys"] = new JsonArray([.. keys.Select(k => JsonValue.Create(k))]);
            }

            if (extension.ListType is { } listType)
            {
                schema["x-kubernetes-list-type"] = listType;
            }

            if (extension.PatchMergeKey is { } mergeKey)
            {
                schema["x-kubernetes-patch-merge-key"] = mergeKey;
            }

            if (extension.PatchStrategy is { } strategy)
            {
                schema["x-kubernetes-patch-strategy"] = strategy;
            }
        }

        return schema;
    }

    private JsonObject TypeSchema(Type type, Type owner, string jsonName)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return new JsonObject { ["format"] = type == typeof(int) ? "int32" : "int64", ["type"] = "integer" };
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return new JsonObject { ["format"] = "double", ["type"] = "number" };
        }

        if (type == typeof(byte[]))
        {
            return new JsonObject { ["format"] = "byte", ["type"] = "string" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return MicroTimeFields.Contains(jsonName) ? Scalar(Meta + "MicroTime", MicroTimeSchema()) : Scalar(Meta + "Time", TimeSchema());
        }

        if (type == typeof(ResourceQuantity))
        {
            return Scalar(Quantity, new JsonObject
            {
                ["description"] = "Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.",
                ["type"] = "string",
            });
        }

        if (type == typeof(IntOrString))
        {
            return Scalar(IntOrStringName, new JsonObject
            {
                ["description"] = "IntOrString is a type that can hold an int32 or a string. When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type. This allows you to have, for example, a JSON field that can accept a name or number.",
                ["format"] = "int-or-string",
                ["type"] = "string",
            });
        }

        if (type == typeof(object))
        {
            return ObjectSchema(owner, jsonName);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition &&
            (definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>)) && type.GetGenericArguments() is var mapArgs)
        {
            return new JsonObject { ["additionalProperties"] = TypeSchema(mapArgs[1], owner, jsonName), ["type"] = "object" };
        }

        if (type.IsGenericType && type.GetGenericArguments() is { Length: 1 } listArgs)
        {
            return new JsonObject { ["items"] = TypeSchema(listArgs[0], owner, jsonName), ["type"] = "array" };
        }

        if (type.Namespace == "k8s.Models" && type.IsClass)
        {
            return Ref(Add(type));
        }

        return new JsonObject { ["type"] = "object" };
    }

    private JsonObject ObjectSchema(Type owner, string jsonName)
    {
        // JSON schema values inside CRD schemas can be anything, so upstream gives them no type.
        if (owner == typeof(V1JSONSchemaProps))
        {
            return [];
        }

        if (jsonName == "fieldsV1")
        {
            return Scalar(Meta + "FieldsV1", new JsonObject
            {
                ["description"] = "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.",
                ["type"] = "object",
            });
        }

        return Scalar(RawExtension, new JsonObject
        {
            ["description"] = "RawExtension is used to hold extensions in external versions.",
            ["type"] = "object",
        });
    }

    private JsonObject Scalar(string name, JsonObject schema)
    {
        AddScalar(name, schema);
        return Ref(name);
    }

    private static JsonObject TimeSchema() => new()
    {
        ["description"] = "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.",
        ["format"] = "date-time",
        ["type"] = "string",
    };

    private static JsonObject MicroTimeSchema() => new()
    {
        ["description"] = "MicroTime is version of Time with microsecond level precision.",
        ["format"] = "date-time",
        ["type"] = "string",
    };
}
