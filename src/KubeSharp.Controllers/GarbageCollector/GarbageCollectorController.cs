using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>
/// Upstream's garbage collector: keeps the metadata of every object of every resource that can be listed, watched and deleted,
/// and with it the owner/dependent graph of ownerReferences. It deletes dependents whose owners are all gone (background
/// propagation), deletes the dependents of owners in foreground deletion before removing their "foregroundDeletion" finalizer,
/// and strips references to owners with the "orphan" finalizer from their dependents before removing that finalizer.
/// Work items are object uids: one queue for deletion checks, one for orphaning.
/// </summary>
internal sealed class GarbageCollectorController : IController
{
    private const string UidIndex = "uid";
    private const int MaxConflictRetries = 5;
    private static readonly TimeSpan RediscoveryPeriod = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SyncTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Events are never owners nor collected (upstream's ignored resources).</summary>
    private static readonly HashSet<string> IgnoredResources = new(StringComparer.Ordinal) { "events.", "events.events.k8s.io" };

    private readonly ControllerContext _context;
    private readonly DynamicClient _client;
    private readonly ILogger _logger;
    private readonly WorkQueue<string> _attemptToDelete;
    private readonly WorkQueue<string> _attemptToOrphan;
    private readonly Lock _lock = new();
    private readonly List<Task> _running = [];
    private ResourceMonitor[] _monitors = [];
    private Dictionary<string, ApiResource> _kinds = new(StringComparer.Ordinal);

    public GarbageCollectorController(ControllerContext context)
    {
        _context = context;
        _client = new DynamicClient(context.Client);
        _logger = context.Loggers.CreateLogger<GarbageCollectorController>();
        _attemptToDelete = new WorkQueue<string>(context.Time);
        _attemptToOrphan = new WorkQueue<string>(context.Time);
    }

    public string Name => "garbage-collector";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await TrySyncMonitorsAsync(stopping.Token).ConfigureAwait(false);
            await WaitForMonitorsAsync(stopping.Token).ConfigureAwait(false);
            var workers = _context.Options.Workers;
            await Task.WhenAll(
                ControllerLoop.RunWorkersAsync(_attemptToDelete, workers, AttemptToDeleteAsync, _logger, stopping.Token),
                ControllerLoop.RunWorkersAsync(_attemptToOrphan, workers, AttemptToOrphanAsync, _logger, stopping.Token),
                RediscoverLoopAsync(stopping.Token)).ConfigureAwait(false);
        }
        finally
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            Task[] running;
            lock (_lock)
            {
                running = [.. _running];
            }

            await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RediscoverLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RediscoveryPeriod, _context.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await TrySyncMonitorsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitForMonitorsAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SyncTimeout);
        try
        {
            await Task.WhenAll(Volatile.Read(ref _monitors).Select(m => m.Informer.WaitForSyncAsync(timeout.Token))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            GarbageCollectorLog.SyncTimedOut(_logger, SyncTimeout);
        }
    }

    /// <summary>Discovers resources and starts a monitor for each new one (new CRDs, aggregated APIs); never stops monitors.</summary>
    private async Task TrySyncMonitorsAsync(CancellationToken cancellationToken)
    {
        DiscoveryResult discovery;
        try
        {
            discovery = await ResourceDiscovery.DiscoverAsync(_client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ApiRequestException or HttpRequestException)
        {
            GarbageCollectorLog.DiscoveryFailed(_logger, e);
            return;
        }

        var kinds = new Dictionary<string, ApiResource>(StringComparer.Ordinal);
        foreach (var resource in discovery.Preferred.Concat(discovery.Resources))
        {
            kinds.TryAdd($"{resource.ApiVersion}/{resource.Kind}", resource);
            kinds.TryAdd($"{resource.Group}//{resource.Kind}", resource);
        }

        Volatile.Write(ref _kinds, kinds);
        lock (_lock)
        {
            var known = _monitors.Select(m => m.Resource.GroupResource).ToHashSet(StringComparer.Ordinal);
            var added = new List<ResourceMonitor>();
            foreach (var resource in discovery.Preferred)
            {
                if (!resource.Supports("list") || !resource.Supports("watch") || !resource.Supports("delete")
                    || IgnoredResources.Contains(resource.GroupResource) || !known.Add(resource.GroupResource))
                {
                    continue;
                }

                added.Add(CreateMonitor(resource));
            }

            if (added.Count == 0)
            {
                return;
            }

            Volatile.Write(ref _monitors, [.. _monitors, .. added]);
            foreach (var monitor in added)
            {
                _running.Add(Task.Run(() => monitor.Informer.RunAsync(cancellationToken), CancellationToken.None));
            }

            GarbageCollectorLog.Monitoring(_logger, _monitors.Length);
        }
    }

    private ResourceMonitor CreateMonitor(ApiResource resource)
    {
        var listWatch = ListWatch.For<ObjectMetadata, ObjectMetadataList>(_context.Client, resource.Group, resource.Version, resource.Plural);
        var logger = _context.Loggers.CreateLogger($"KubeSharp.Controllers.GarbageCollector.Monitor.{resource.GroupResource}");
        var informer = new SharedInformer<ObjectMetadata>(listWatch, _context.Time, logger);
        informer.Indexer.AddIndex(UidIndex, o => string.IsNullOrEmpty(o.Metadata?.Uid) ? [] : [o.Metadata.Uid]);
        var monitor = new ResourceMonitor(resource, informer);
        informer.AddEventHandler(o => OnChange(null, o), OnChange, OnDelete);
        return monitor;
    }

    private void OnChange(ObjectMetadata? old, ObjectMetadata current)
    {
        var meta = current.Metadata;
        if (string.IsNullOrEmpty(meta.Uid))
        {
            return;
        }

        if (Finalizers.IsOrphaning(meta))
        {
            _attemptToOrphan.Add(meta.Uid);
        }

        if (Finalizers.IsDeletingDependents(meta))
        {
            _attemptToDelete.Add(meta.Uid);
            if (old is null || !Finalizers.IsDeletingDependents(old.Metadata))
            {
                foreach (var dependent in DependentsOf(meta.Uid))
                {
                    _attemptToDelete.Add(dependent.Uid);
                }
            }
        }

        var references = meta.OwnerReferences ?? [];
        if (references.Count > 0 && (old is null || !SameReferences(old.Metadata.OwnerReferences, references)))
        {
            _attemptToDelete.Add(meta.Uid);
        }

        if (old is not null)
        {
            // A dependent that dropped (or stopped blocking) its reference may unblock an owner in foreground deletion.
            foreach (var previous in old.Metadata.OwnerReferences ?? [])
            {
                if (!references.Any(r => r.Uid == previous.Uid && r.BlockOwnerDeletion == previous.BlockOwnerDeletion))
                {
                    EnqueueIfDeletingDependents(previous.Uid);
                }
            }
        }
    }

    private void OnDelete(ObjectMetadata last)
    {
        var meta = last.Metadata;
        if (!string.IsNullOrEmpty(meta.Uid))
        {
            foreach (var dependent in DependentsOf(meta.Uid))
            {
                _attemptToDelete.Add(dependent.Uid);
            }
        }

        foreach (var reference in meta.OwnerReferences ?? [])
        {
            EnqueueIfDeletingDependents(reference.Uid);
        }
    }

    private void EnqueueIfDeletingDependents(string uid)
    {
        if (FindByUid(uid) is { } owner && Finalizers.IsDeletingDependents(owner.Object.Metadata))
        {
            _attemptToDelete.Add(uid);
        }
    }

    private static bool SameReferences(IList<V1OwnerReference>? a, IList<V1OwnerReference> b) =>
        (a ?? []).Count == b.Count && (a ?? []).Zip(b).All(p => p.First.Uid == p.Second.Uid && p.First.BlockOwnerDeletion == p.Second.BlockOwnerDeletion);

    private GraphNode? FindByUid(string uid)
    {
        foreach (var monitor in Volatile.Read(ref _monitors))
        {
            if (monitor.Informer.Indexer.ByIndex(UidIndex, uid) is [var obj, ..])
            {
                return new GraphNode(monitor, obj);
            }
        }

        return null;
    }

    private List<GraphNode> DependentsOf(string uid)
    {
        var dependents = new List<GraphNode>();
        foreach (var monitor in Volatile.Read(ref _monitors))
        {
            dependents.AddRange(monitor.Informer.Indexer.ByIndex(Indexes.OwnerUid, uid).Select(o => new GraphNode(monitor, o)));
        }

        return dependents;
    }

    /// <summary>Upstream's attemptToDeleteItem: collect an object whose owners are gone, or advance a foreground deletion.</summary>
    private async Task AttemptToDeleteAsync(string uid, CancellationToken cancellationToken)
    {
        if (FindByUid(uid) is not { } node)
        {
            return;
        }

        var cached = node.Object.Metadata;
        if (Finalizers.IsDeletingDependents(cached))
        {
            await ProcessDeletingDependentsAsync(node, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (cached.DeletionTimestamp is not null || cached.OwnerReferences is not { Count: > 0 } cachedReferences)
        {
            return;
        }

        // Cheap path: every owner is in the cache and not being deleted in the foreground.
        if (cachedReferences.All(r => FindByUid(r.Uid) is { } owner && !Finalizers.IsDeletingDependents(owner.Object.Metadata)))
        {
            return;
        }

        var latestJson = await _client.GetAsync(node.Monitor.Resource, node.Namespace, node.Name, cancellationToken).ConfigureAwait(false);
        if (latestJson is null || Parse(latestJson) is not { } latest || latest.Metadata.Uid != uid || latest.Metadata.DeletionTimestamp is not null)
        {
            return;
        }

        var solid = new List<V1OwnerReference>();
        var dangling = new List<V1OwnerReference>();
        var waiting = new List<V1OwnerReference>();
        foreach (var reference in latest.Metadata.OwnerReferences ?? [])
        {
            var state = await ClassifyAsync(node, reference, cancellationToken).ConfigureAwait(false);
            (state switch
            {
                OwnerState.Solid => solid,
                OwnerState.Dangling => dangling,
                _ => waiting,
            }).Add(reference);
        }

        if (solid.Count > 0)
        {
            if (dangling.Count + waiting.Count > 0)
            {
                var gone = dangling.Concat(waiting).Select(r => r.Uid).ToHashSet(StringComparer.Ordinal);
                GarbageCollectorLog.RemovingOwnerReferences(_logger, node, string.Join(", ", gone));
                await MutateAsync(node, obj => RemoveOwnerReferences(obj, gone), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        string policy;
        var dependents = DependentsOf(uid);
        if (waiting.Count > 0 && dependents.Count > 0)
        {
            if (dependents.Any(d => Finalizers.IsDeletingDependents(d.Object.Metadata)))
            {
                // A dependent of this object is itself waiting: make our references non-blocking so a cycle cannot deadlock.
                var owners = waiting.Select(r => r.Uid).ToHashSet(StringComparer.Ordinal);
                await MutateAsync(node, obj => UnblockOwnerReferences(obj, owners), cancellationToken).ConfigureAwait(false);
            }

            policy = "Foreground";
        }
        else
        {
            policy = Finalizers.Has(latest.Metadata, Finalizers.Orphan) ? "Orphan"
                : Finalizers.Has(latest.Metadata, Finalizers.ForegroundDeletion) ? "Foreground"
                : "Background";
        }

        GarbageCollectorLog.Deleting(_logger, node, policy);
        await _client.DeleteAsync(node.Monitor.Resource, node.Namespace, node.Name, policy, uid, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An owner in foreground deletion loses its finalizer once no dependent blocks it; until then its blocking dependents are collected.</summary>
    private async Task ProcessDeletingDependentsAsync(GraphNode node, CancellationToken cancellationToken)
    {
        var blocking = DependentsOf(node.Uid)
            .Where(d => d.Object.Metadata.OwnerReferences?.Any(r => r.Uid == node.Uid && r.BlockOwnerDeletion == true) == true)
            .ToList();
        if (blocking.Count == 0)
        {
            GarbageCollectorLog.RemovingFinalizer(_logger, node, Finalizers.ForegroundDeletion);
            await MutateAsync(node, obj => RemoveFinalizer(obj, Finalizers.ForegroundDeletion), cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var dependent in blocking.Where(d => !Finalizers.IsDeletingDependents(d.Object.Metadata)))
        {
            _attemptToDelete.Add(dependent.Uid);
        }
    }

    /// <summary>Upstream's attemptToOrphan: strip references to the owner from its dependents, then remove its "orphan" finalizer.</summary>
    private async Task AttemptToOrphanAsync(string uid, CancellationToken cancellationToken)
    {
        if (FindByUid(uid) is not { } node || !Finalizers.IsOrphaning(node.Object.Metadata))
        {
            return;
        }

        HashSet<string> owner = [uid];
        foreach (var dependent in DependentsOf(uid))
        {
            GarbageCollectorLog.RemovingOwnerReferences(_logger, dependent, uid);
            await MutateAsync(dependent, obj => RemoveOwnerReferences(obj, owner), cancellationToken).ConfigureAwait(false);
        }

        GarbageCollectorLog.RemovingFinalizer(_logger, node, Finalizers.Orphan);
        await MutateAsync(node, obj => RemoveFinalizer(obj, Finalizers.Orphan), cancellationToken).ConfigureAwait(false);
    }

    private async Task<OwnerState> ClassifyAsync(GraphNode dependent, V1OwnerReference reference, CancellationToken cancellationToken)
    {
        if (FindByUid(reference.Uid) is { } cached)
        {
            return Finalizers.IsDeletingDependents(cached.Object.Metadata) ? OwnerState.WaitingForDependentsDeletion : OwnerState.Solid;
        }

        // Not (yet) seen by the monitors: only the server can tell whether the owner is really gone.
        var resource = Resolve(reference)
            ?? throw new InvalidOperationException($"Cannot resolve kind {reference.Kind} of apiVersion {reference.ApiVersion} of an owner of {dependent}.");
        string? ns = null;
        if (resource.Namespaced)
        {
            if (string.IsNullOrEmpty(dependent.Namespace))
            {
                // A cluster-scoped object cannot be owned by a namespaced one: the reference can never resolve.
                return OwnerState.Dangling;
            }

            ns = dependent.Namespace;
        }

        var live = await _client.GetAsync(resource, ns, reference.Name, cancellationToken).ConfigureAwait(false);
        if (live is null || Parse(live) is not { } owner || owner.Metadata.Uid != reference.Uid)
        {
            return OwnerState.Dangling;
        }

        return Finalizers.IsDeletingDependents(owner.Metadata) ? OwnerState.WaitingForDependentsDeletion : OwnerState.Solid;
    }

    private ApiResource? Resolve(V1OwnerReference reference)
    {
        var kinds = Volatile.Read(ref _kinds);
        var slash = reference.ApiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : reference.ApiVersion[..slash];
        return kinds.GetValueOrDefault($"{reference.ApiVersion}/{reference.Kind}") ?? kinds.GetValueOrDefault($"{group}//{reference.Kind}");
    }

    /// <summary>Reads the live object, applies <paramref name="mutate"/> (false: nothing to do) and writes it back, retrying on conflicts.</summary>
    private async Task MutateAsync(GraphNode node, Func<JsonObject, bool> mutate, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var live = await _client.GetAsync(node.Monitor.Resource, node.Namespace, node.Name, cancellationToken).ConfigureAwait(false);
            if (live is null || (live["metadata"] as JsonObject)?["uid"]?.GetValue<string>() != node.Uid || !mutate(live))
            {
                return;
            }

            try
            {
                await _client.UpdateAsync(node.Monitor.Resource, node.Namespace, node.Name, live, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ApiRequestException e) when (e.StatusCode == HttpStatusCode.Conflict && attempt < MaxConflictRetries)
            {
            }
            catch (ApiRequestException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }
        }
    }

    private static bool RemoveOwnerReferences(JsonObject obj, HashSet<string> uids)
    {
        if (obj["metadata"] is not JsonObject meta || meta["ownerReferences"] is not JsonArray references)
        {
            return false;
        }

        var kept = references.Where(r => !uids.Contains(r?["uid"]?.GetValue<string>() ?? "")).Select(r => r?.DeepClone()).ToArray();
        if (kept.Length == references.Count)
        {
            return false;
        }

        if (kept.Length == 0)
        {
            meta.Remove("ownerReferences");
        }
        else
        {
            meta["ownerReferences"] = new JsonArray(kept);
        }

        return true;
    }

    private static bool UnblockOwnerReferences(JsonObject obj, HashSet<string> uids)
    {
        var changed = false;
        foreach (var reference in ((obj["metadata"] as JsonObject)?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (uids.Contains(reference["uid"]?.GetValue<string>() ?? "") && reference["blockOwnerDeletion"]?.GetValue<bool>() == true)
            {
                reference["blockOwnerDeletion"] = false;
                changed = true;
            }
        }

        return changed;
    }

    private static bool RemoveFinalizer(JsonObject obj, string finalizer)
    {
        if (obj["metadata"] is not JsonObject meta || meta["finalizers"] is not JsonArray finalizers)
        {
            return false;
        }

        var kept = finalizers.Where(f => f?.GetValue<string>() != finalizer).Select(f => f?.DeepClone()).ToArray();
        if (kept.Length == finalizers.Count)
        {
            return false;
        }

        if (kept.Length == 0)
        {
            meta.Remove("finalizers");
        }
        else
        {
            meta["finalizers"] = new JsonArray(kept);
        }

        return true;
    }

    private static ObjectMetadata? Parse(JsonObject obj) => KubernetesJson.Deserialize<ObjectMetadata>(obj.ToJsonString());
}
