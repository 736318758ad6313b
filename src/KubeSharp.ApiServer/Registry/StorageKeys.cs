namespace KubeSharp.ApiServer.Registry;

/// <summary>Where a resource's objects live in the store: /registry/[group/]plural/[namespace/]name.</summary>
internal static class StorageKeys
{
    public static string Prefix(ResourceInfo r) => "/registry/" + (r.Group.Length == 0 ? "" : r.Group + "/") + r.Plural + "/";

    /// <summary>The prefix of a list: all of the resource, or one namespace's.</summary>
    public static string ListPrefix(ResourceInfo r, string ns) => r.Namespaced && ns.Length > 0 ? Prefix(r) + ns + "/" : Prefix(r);

    public static string Key(ResourceInfo r, string ns, string name) => r.Namespaced ? Prefix(r) + ns + "/" + name : Prefix(r) + name;
}
