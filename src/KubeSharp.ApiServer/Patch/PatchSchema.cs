using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace KubeSharp.ApiServer.Patch;

/// <summary>
/// How the values of a built-in kind merge: which lists merge and by what key (strategic merge patch) and which lists
/// are sets, maps or atomic (server-side apply). The type graph comes from the <c>k8s.Models</c> classes by reflection;
/// the merge facts come from upstream's struct tags (<see cref="PatchSchemaFacts"/>).
/// </summary>
internal sealed partial class PatchSchema
{
    /// <summary>A value nothing is known about: objects merge per key, lists are replaced whole.</summary>
    public static readonly PatchSchema Unknown = new(PatchSchemaKind.Unknown);

    private static readonly PatchSchema ScalarSchema = new(PatchSchemaKind.Scalar);
    private static readonly ConcurrentDictionary<Type, PatchSchema> StructCache = new();
    private static readonly Lazy<Dictionary<(string ApiVersion, string Kind), Type>> Roots = new(FindRoots);

    private readonly Lazy<Dictionary<string, PatchSchema>>? fields;

    private PatchSchema(PatchSchemaKind kind)
    {
        Kind = kind;
    }

    private PatchSchema(Type structType, bool atomic)
    {
        Kind = PatchSchemaKind.Struct;
        Atomic = atomic;
        fields = new Lazy<Dictionary<string, PatchSchema>>(() => BuildFields(structType));
    }

    private PatchSchema(PatchSchema element, PatchFieldFacts? facts, PatchSchemaKind kind)
    {
        Kind = kind;
        Element = element;
        Strategy = facts?.Strategy ?? "";
        MergeKey = facts?.MergeKey ?? "";
        Atomic = facts?.Atomic ?? false;
        ListMapKeys = facts?.ListMapKeys ?? [];
        ListType = facts?.ListType ?? "";
        if (kind == PatchSchemaKind.List && ListType.Length == 0)
        {
            // Without +listType, server-side apply derives it from the patch strategy, as upstream's schema converter does.
            ListType = !HasStrategy("merge") ? "atomic" : MergeKey.Length > 0 ? "map" : "set";
            if (ListType == "map")
            {
                ListMapKeys = [MergeKey];
            }
        }
    }

    public PatchSchemaKind Kind { get; }

    /// <summary>The schema of a map's values or a list's items.</summary>
    public PatchSchema? Element { get; }

    /// <summary>The patchStrategy of the field holding this value: "", "merge", "replace", "merge,retainKeys".</summary>
    public string Strategy { get; } = "";

    /// <summary>The patchMergeKey of a list of objects.</summary>
    public string MergeKey { get; } = "";

    /// <summary>For lists, as server-side apply sees them: "atomic", "set" or "map".</summary>
    public string ListType { get; } = "";

    /// <summary>The keys of a "map" list.</summary>
    public IReadOnlyList<string> ListMapKeys { get; } = [];

    /// <summary>A struct or map owned and replaced as a whole by server-side apply.</summary>
    public bool Atomic { get; }

    /// <summary>The schema for a built-in kind, or null when the kind is not built in (custom resources).</summary>
    public static PatchSchema? ForKind(string apiVersion, string kind) =>
        Roots.Value.TryGetValue((apiVersion, kind), out var type) ? ForStruct(type, atomic: false) : null;

    public bool HasStrategy(string strategy) => Strategy.Split(',').Contains(strategy, StringComparer.Ordinal);

    /// <summary>The schema of a field's value; <see cref="Unknown"/> for fields the schema does not declare.</summary>
    public PatchSchema Field(string name) => Kind switch
    {
        PatchSchemaKind.Struct => fields!.Value.GetValueOrDefault(name) ?? Unknown,
        PatchSchemaKind.Map => Element!,
        _ => Unknown,
    };

    /// <summary>Whether the field is declared by the struct (as opposed to a key of a map).</summary>
    public bool DeclaresField(string name) => Kind == PatchSchemaKind.Struct && fields!.Value.ContainsKey(name);

    private static PatchSchema ForStruct(Type type, bool atomic)
    {
        var schema = StructCache.GetOrAdd(type, t => new PatchSchema(t, IsAtomicStruct(t)));
        return atomic && !schema.Atomic ? new PatchSchema(type, atomic: true) : schema;
    }

    private static Dictionary<string, PatchSchema> BuildFields(Type type)
    {
        var (_, goName) = GoName(type);
        var result = new Dictionary<string, PatchSchema>(StringComparer.Ordinal);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is not { } jsonName)
            {
                continue;
            }

            PatchSchemaFacts.Fields.TryGetValue(goName + "." + jsonName.Name, out var facts);
            result[jsonName.Name] = FromType(property.PropertyType, facts);
        }

        return result;
    }

    private static PatchSchema FromType(Type type, PatchFieldFacts? facts)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(DateTime) || type == typeof(DateTimeOffset)
            || type == typeof(byte[]) || type == typeof(decimal))
        {
            return ScalarSchema;
        }

        if (type == typeof(object) || type == typeof(JsonElement))
        {
            return Unknown;
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return new PatchSchema(FromType(valueType, null), facts, PatchSchemaKind.Map);
        }

        if (ListItemType(type) is { } itemType)
        {
            return new PatchSchema(FromType(itemType, null), facts, PatchSchemaKind.List);
        }

        var declaresFields = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Any(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null);
        return declaresFields ? ForStruct(type, facts?.Atomic ?? false) : ScalarSchema;
    }

    private static Type? DictionaryValueType(Type type)
    {
        foreach (var i in type.IsInterface ? type.GetInterfaces().Append(type) : type.GetInterfaces())
        {
            if (i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>) && i.GetGenericArguments()[0] == typeof(string))
            {
                return i.GetGenericArguments()[1];
            }
        }

        return null;
    }

    private static Type? ListItemType(Type type)
    {
        foreach (var i in type.IsInterface ? type.GetInterfaces().Append(type) : type.GetInterfaces())
        {
            if (i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                return i.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private static bool IsAtomicStruct(Type type)
    {
        var (group, name) = GoName(type);
        return group is not null
            ? PatchSchemaFacts.AtomicStructs.Contains(group + "/" + name)
            : PatchSchemaFacts.AtomicStructs.Any(s => s.EndsWith("/" + name, StringComparison.Ordinal));
    }

    /// <summary>
    /// Maps a client class name to the Go struct name: V1PodSpec → PodSpec, Rbacv1Subject → (rbac, Subject).
    /// </summary>
    private static (string? Group, string Name) GoName(Type type)
    {
        var m = ModelName().Match(type.Name);
        if (!m.Success)
        {
            return (null, type.Name);
        }

        return m.Groups["group"].Success ? (m.Groups["group"].Value.ToLowerInvariant(), m.Groups["name"].Value) : (null, m.Groups["name"].Value);
    }

    private static Dictionary<(string ApiVersion, string Kind), Type> FindRoots()
    {
        var roots = new Dictionary<(string, string), Type>();
        foreach (var type in typeof(V1Pod).Assembly.GetTypes())
        {
            if (type.GetCustomAttribute<KubernetesEntityAttribute>() is { } entity && entity.Kind is { Length: > 0 })
            {
                var apiVersion = string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : entity.Group + "/" + entity.ApiVersion;
                roots.TryAdd((apiVersion, entity.Kind), type);
            }
        }

        return roots;
    }

    [GeneratedRegex(@"^(?:(?<group>[A-Z][a-z]+)v\d+(?:alpha\d+|beta\d+)?|V\d+(?:alpha\d+|beta\d+)?)(?<name>[A-Z].*)$")]
    private static partial Regex ModelName();
}
