using System.Reflection;
using System.Text.RegularExpressions;
using k8s.Models;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// Maps the KubernetesClient model classes to upstream's OpenAPI definition names. Kinds carry their group in
/// [KubernetesEntity]; nested classes take the Go package of the first kind that reaches them (core kinds first),
/// except apimachinery's meta types, which are named explicitly.
/// </summary>
internal sealed partial class ModelTypes
{
    private static readonly HashSet<string> MetaTypes =
    [
        "ObjectMeta", "ListMeta", "LabelSelector", "LabelSelectorRequirement", "OwnerReference", "ManagedFieldsEntry", "Status",
        "StatusDetails", "StatusCause", "Condition", "DeleteOptions", "Preconditions", "WatchEvent", "APIResource", "APIResourceList",
        "APIGroup", "APIGroupList", "APIVersions", "GroupVersionForDiscovery", "ServerAddressByClientCIDR",
    ];

    // Core types that only non-core kinds reach.
    private static readonly HashSet<string> CoreTypes = ["TopologySelectorTerm", "TopologySelectorLabelRequirement"];

    private readonly Dictionary<(string Group, string Version, string Kind), Type> _kinds = [];
    private readonly Dictionary<Type, string> _packages = [];

    public ModelTypes()
    {
        foreach (var type in typeof(V1Pod).Assembly.GetTypes())
        {
            if (type.Namespace == "k8s.Models" && type.GetCustomAttribute<KubernetesEntityAttribute>() is { } entity)
            {
                _kinds[(entity.Group ?? "", entity.ApiVersion, entity.Kind)] = type;
            }
        }
    }

    public Type? Kind(string group, string version, string kind) => _kinds.GetValueOrDefault((group, version, kind));

    /// <summary>Records the Go package of everything a kind reaches, for types not yet placed.</summary>
    public void Claim(Type kindType)
    {
        var entity = kindType.GetCustomAttribute<KubernetesEntityAttribute>();
        var package = Package(entity?.Group ?? "");
        var pending = new Stack<Type>([kindType]);
        while (pending.TryPop(out var type))
        {
            if (!_packages.TryAdd(type, package))
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                foreach (var nested in ModelTypesOf(property.PropertyType))
                {
                    pending.Push(nested);
                }
            }
        }
    }

    /// <summary>The definition name, e.g. io.k8s.api.core.v1.Pod or io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta.</summary>
    public string DefinitionName(Type type)
    {
        var match = ClassName().Match(type.Name);
        if (!match.Success)
        {
            return "io.k8s.kubesharp." + type.Name;
        }

        var (prefix, version, name) = (match.Groups[1].Value, "v" + match.Groups[2].Value, match.Groups[3].Value);
        if (MetaTypes.Contains(name) && prefix.Length == 0)
        {
            return "io.k8s.apimachinery.pkg.apis.meta." + version + "." + name;
        }

        var package = prefix.Length > 0 ? prefix.ToLowerInvariant()
            : CoreTypes.Contains(name) ? "core"
            : type.GetCustomAttribute<KubernetesEntityAttribute>() is { } entity ? Package(entity.Group ?? "")
            : _packages.GetValueOrDefault(type, "core");
        return package == "apiextensions"
            ? "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions." + version + "." + name
            : "io.k8s.api." + package + "." + version + "." + name;
    }

    /// <summary>The model classes a property type refers to, through lists and maps.</summary>
    public static IEnumerable<Type> ModelTypesOf(Type type)
    {
        if (type.Namespace == "k8s.Models" && type.IsClass && type != typeof(ResourceQuantity) && type != typeof(IntOrString))
        {
            yield return type;
        }

        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments().SelectMany(ModelTypesOf))
            {
                yield return argument;
            }
        }
    }

    private static string Package(string group) => group.Length == 0 ? "core" : group.Split('.')[0];

    [GeneratedRegex("^([A-Z][a-z]+)?[Vv]([0-9]+(?:alpha[0-9]+|beta[0-9]+)?)([A-Z].*)$")]
    private static partial Regex ClassName();
}
