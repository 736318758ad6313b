using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Registry;

/// <summary>Every resource the server serves and its registry. Built-ins are fixed; custom resources come and go.</summary>
internal sealed class ResourceCatalog
{
    private readonly ConcurrentDictionary<(string Group, string Plural), ResourceRegistry> _registries = new();
    private static readonly TimeSpan ActiveNamespaceTtl = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, (JsonObject Namespace, long At)> _activeNamespaces = new();
    private volatile IReadOnlyList<ResourceInfo> _all = [];

    public ResourceCatalog(IStore store, TimeProvider time, Func<ResourceInfo, RegistryHooks?>? hooks = null)
    {
        Store = store;
        Context = new RegistryContext(time, GetNamespaceAsync, name => _activeNamespaces.TryRemove(name, out _));
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

    /// <summary>
    /// The namespace for the lifecycle checks of a write. An active namespace is remembered for a second, so a burst of
    /// creates does not read it each time: upstream's NamespaceLifecycle admission reads an informer cache and is just as
    /// late to see a deletion. A missing or terminating namespace is always read afresh.
    /// </summary>
    private async Task<JsonObject?> GetNamespaceAsync(string name, CancellationToken cancellationToken)
    {
        var now = Context.Time.GetTimestamp();
        if (_activeNamespaces.TryGetValue(name, out var cached) && Context.Time.GetElapsedTime(cached.At, now) < ActiveNamespaceTtl)
        {
            return cached.Namespace;
        }

        var ns = await Get("", "namespaces").TryGetAsync("", name, cancellationToken).ConfigureAwait(false);
        if (ns is not null && !KubeSharp.Api.Objects.Meta.HasDeletionTimestamp(ns)
            && KubeSharp.Api.Objects.Meta.GetString(ns["status"] as JsonObject, "phase") != "Terminating")
        {
            _activeNamespaces[name] = (ns, now);
        }
        else
        {
            _activeNamespaces.TryRemove(name, out _);
        }

        return ns;
    }
}
