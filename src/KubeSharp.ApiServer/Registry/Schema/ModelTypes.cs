using System.Collections.Concurrent;
using System.Reflection;
using k8s.Models;

namespace KubeSharp.ApiServer.Registry.Schema;

/// <summary>Finds the KubernetesClient model type of a group/version/kind (the built-in kinds' schema).</summary>
internal static class ModelTypes
{
    private static readonly Lazy<Dictionary<(string Group, string Version, string Kind), Type>> Types = new(() =>
    {
        var map = new Dictionary<(string, string, string), Type>();
        foreach (var t in typeof(V1Pod).Assembly.GetTypes())
        {
            if (t.GetCustomAttribute<KubernetesEntityAttribute>() is { } a && !t.Name.EndsWith("List", StringComparison.Ordinal))
            {
                map[(a.Group ?? "", a.ApiVersion ?? "", a.Kind ?? "")] = t;
            }
        }

        return map;
    });

    private static readonly ConcurrentDictionary<Type, Dictionary<string, PropertyInfo>> Properties = new();

    public static Type? Find(string group, string version, string kind) => Types.Value.GetValueOrDefault((group, version, kind));

    /// <summary>The JSON properties of a model class, by JSON name.</summary>
    public static Dictionary<string, PropertyInfo> JsonProperties(Type type) => Properties.GetOrAdd(type, t =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (p, name: p.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name))
            .Where(x => x.name is not null)
            .ToDictionary(x => x.name!, x => x.p));
}
