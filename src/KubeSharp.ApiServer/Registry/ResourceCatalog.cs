using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Registry;

/// <summary>Every resource the server serves and its registry. Built-ins are fixed; custom resources come and go.</summary>
internal sealed class ResourceCatalog
{
    private readonly ConcurrentDictionary<(string Group, string Plural), ResourceRegistry> _registries = new();
    private volatile IReadOnlyList<ResourceInfo> _all = [];

    public ResourceCatalog(IStore store, TimeProvider time, Func<ResourceInfo, RegistryHooks?>? hooks = null)
    {
        Store = store;
        Context = new RegistryContext(time, GetNamespaceAsync);
        foreach (var r in BuiltInResources.Resources)
        {
            Add(r, hooks?.Invoke(r));
        }
    }

    public IStore Store { get; }

    public RegistryContext Context { get; }

    public IReadOnlyList<ResourceInfo> All => _all;

    public ResourceRegistry Add(ResourceInfo resource, RegistryHooks? hooks = null)
    {
        var registry = new ResourceRegistry(resource, Store, Context, hooks: hooks);
        _registries[(resource.Group, resource.Plural)] = registry;
        _all = _registries.Values.Select(r => r.Resource).ToList();
        return registry;
    }

    public void Remove(string group, string plural)
    {
        _registries.TryRemove((group, plural), out _);
        _all = _registries.Values.Select(r => r.Resource).ToList();
    }

    public ResourceRegistry? Find(string group, string version, string plural) =>
        _registries.TryGetValue((group, plural), out var r) && r.Resource.Versions.Contains(version) ? r : null;

    public ResourceRegistry Get(string group, string plural) => _registries[(group, plural)];

    private Task<JsonObject?> GetNamespaceAsync(string name, CancellationToken cancellationToken) =>
        Get("", "namespaces").TryGetAsync("", name, cancellationToken);
}
