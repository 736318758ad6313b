using k8s;
using k8s.Models;

namespace KubeSharp.Client;

public static class Keys
{
    /// <summary>The store key of an object: "namespace/name", or "name" for cluster-scoped objects.</summary>
    public static string For(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var ns = obj.Metadata?.NamespaceProperty;
        var name = obj.Metadata?.Name ?? "";
        return string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";
    }

    /// <summary>Splits a key into namespace ("" for cluster-scoped) and name.</summary>
    public static (string Namespace, string Name) Split(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", key) : (key[..slash], key[(slash + 1)..]);
    }
}
