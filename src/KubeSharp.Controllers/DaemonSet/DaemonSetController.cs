using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.DaemonSet;

/// <summary>
/// Upstream's DaemonSetsController (pkg/controller/daemon): one pod per eligible node, pinned by node affinity (the
/// scheduler binds it), a ControllerRevision per template, rolling update, status. Handlers only enqueue DaemonSet keys;
/// workers plan with <see cref="DaemonSetPlanner"/> and carry the plan out through the API.
/// </summary>
internal sealed class DaemonSetController : IController
{
    private readonly ControllerContext _context;
    private readonly SharedInformer<V1DaemonSet> _daemonSets;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly SharedInformer<V1Node> _nodes;
    private readonly SharedInformer<V1ControllerRevision> _revisions;
    private readonly WorkQueue<string> _queue;
    private readonly DaemonSetExpectations _expectations;
    private readonly ILogger _logger;

    public DaemonSetController(ControllerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _logger = context.Loggers.CreateLogger<DaemonSetController>();
        _queue = new WorkQueue<string>(context.Time);
        _expectations = new DaemonSetExpectations(context.Time);
        _daemonSets = context.Informers.DaemonSets();
        _pods = context.Informers.Pods();
        _nodes = context.Informers.Nodes();
        _revisions = context.Informers.ControllerRevisions();

        _daemonSets.AddEventHandler(Enqueue, (_, ds) => Enqueue(ds), OnDaemonSetDeleted);
        _pods.AddEventHandler(OnPodAdded, OnPodUpdated, OnPodDeleted);
        _nodes.AddEventHandler(OnNodeAdded, OnNodeUpdated, _ => EnqueueAll());
        _revisions.AddEventHandler(EnqueueOwner, (_, r) => EnqueueOwner(r), EnqueueOwner);
    }

    public string Name => "daemonset";

    public Task RunAsync(CancellationToken cancellationToken)
        => ControllerLoop.RunWorkersAsync(_queue, _context.Options.Workers, SyncAsync, _logger, cancellationToken);

    /// <summary>Reconciles one DaemonSet ("namespace/name") with the nodes and its pods.</summary>
    internal async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var ds = _daemonSets.Indexer.GetByKey(key);
        if (ds is null)
        {
            _expectations.Forget(key);
            return;
        }

        if (ds.Metadata.DeletionTimestamp is not null)
        {
            return;
        }

        var (ns, _) = Keys.Split(key);
        var nodes = _nodes.Indexer.List();
        var pods = _pods.Indexer.ByIndex(Indexes.Namespace, ns);
        var revisions = _revisions.Indexer.ByIndex(Indexes.OwnerUid, ds.Metadata.Uid)
            .Where(r => ControllerRefs.IsControlledBy(r.Metadata, ds.Metadata.Uid)).ToList();
        var now = _context.Time.GetUtcNow();
        var plan = DaemonSetPlanner.Plan(ds, nodes, pods, revisions, now);

        if (!_expectations.Satisfied(key))
        {
            // Pods this controller created or deleted are not all in the cache yet: only the status may be written. Should a
            // watch event be lost, the expectations expire and this look makes sure the DaemonSet is synced then.
            await WriteStatusAsync(ds, plan.Status, cancellationToken).ConfigureAwait(false);
            _queue.AddAfter(key, DaemonSetExpectations.Ttl);
            return;
        }

        var errors = new List<Exception>();
        await PatchOwnersAsync(ds, plan, cancellationToken).ConfigureAwait(false);
        if (plan.RevisionToCreate is not null)
        {
            await RevisionWrites.CreateRevisionAsync(_context.Client, ds.Metadata, ds.Spec.Template, ds.Status?.CollisionCount, plan.RevisionToCreate,
                count => _context.Client.AppsV1.PatchNamespacedDaemonSetStatusAsync(
                    new V1Patch(new JsonObject { ["status"] = new JsonObject { ["collisionCount"] = count } }.ToJsonString(), V1Patch.PatchType.MergePatch),
                    ds.Metadata.Name, ds.Metadata.NamespaceProperty, cancellationToken: cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await RevisionWrites.RenumberRolledBackRevisionAsync(_context.Client, ds.Spec.Template, revisions, cancellationToken).ConfigureAwait(false);
        }

        _expectations.Expect(key, plan.PodsToCreate.Count, plan.PodsToDelete.Count);
        await Task.WhenAll(plan.PodsToDelete.Select(p => DeletePodAsync(key, ds, p, errors, cancellationToken))).ConfigureAwait(false);
        await CreatePodsAsync(key, ds, plan, errors, cancellationToken).ConfigureAwait(false);

        foreach (var revision in plan.RevisionsToDelete)
        {
            await RevisionWrites.DeleteRevisionAsync(_context.Client, revision, cancellationToken).ConfigureAwait(false);
        }

        await WriteStatusAsync(ds, plan.Status, cancellationToken).ConfigureAwait(false);
        foreach (var planned in plan.Events)
        {
            _context.Events.Event(ds, planned.Type, planned.Reason, planned.Message);
        }

        if (errors.Count > 0)
        {
            throw new AggregateException($"Syncing DaemonSet {key} failed.", errors);
        }

        // Availability after minReadySeconds is a matter of time, not of an event: look again then.
        var status = plan.Status ?? ds.Status;
        if (ds.Spec.MinReadySeconds is > 0 and var minReady && status is not null && status.NumberReady > status.NumberAvailable)
        {
            _queue.AddAfter(key, TimeSpan.FromSeconds(minReady));
        }
    }

    private async Task PatchOwnersAsync(V1DaemonSet ds, DaemonSetPlan plan, CancellationToken cancellationToken)
    {
        var controllerRef = DaemonSetPlanner.ControllerRef(ds);
        foreach (var pod in plan.Adopt)
        {
            await RevisionWrites.PatchPodOwnerReferencesAsync(_context.Client, pod, ControllerRefs.WithControllerRef(pod.Metadata, controllerRef), cancellationToken).ConfigureAwait(false);
        }

        foreach (var pod in plan.Release)
        {
            await RevisionWrites.PatchPodOwnerReferencesAsync(_context.Client, pod, ControllerRefs.WithoutOwner(pod.Metadata, ds.Metadata.Uid), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeletePodAsync(string key, V1DaemonSet ds, V1Pod pod, List<Exception> errors, CancellationToken cancellationToken)
    {
        try
        {
            await _context.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            _context.Events.Event(ds, EventRecorder.Normal, "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}");
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Already gone (or replaced by another pod of that name): no deletion event will come for it.
            _expectations.DeletionObserved(key);
        }
        catch (HttpOperationException e)
        {
            _expectations.DeletionObserved(key);
            _context.Events.Event(ds, EventRecorder.Warning, "FailedDelete", $"Error deleting: {ApiErrors.Message(e)}");
            lock (errors)
            {
                errors.Add(e);
            }
        }
    }

    // Slow start: batches of 1, 2, 4, …; after a batch with a failure the rest is skipped and no longer expected.
    private async Task CreatePodsAsync(string key, V1DaemonSet ds, DaemonSetPlan plan, List<Exception> errors, CancellationToken cancellationToken)
    {
        var offset = 0;
        foreach (var size in plan.CreateBatches)
        {
            var batch = plan.PodsToCreate.Skip(offset).Take(size).ToList();
            offset += size;
            await Task.WhenAll(batch.Select(p => CreatePodAsync(key, ds, p, errors, cancellationToken))).ConfigureAwait(false);
            bool failed;
            lock (errors)
            {
                failed = errors.Count > 0;
            }

            if (failed)
            {
                _expectations.Lower(key, plan.PodsToCreate.Count - offset, 0);
                return;
            }
        }
    }

    private async Task CreatePodAsync(string key, V1DaemonSet ds, V1Pod pod, List<Exception> errors, CancellationToken cancellationToken)
    {
        try
        {
            var created = await _context.Client.CoreV1.CreateNamespacedPodAsync(pod, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            _context.Events.Event(ds, EventRecorder.Normal, "SuccessfulCreate", $"Created pod: {created.Metadata.Name}");
        }
        catch (HttpOperationException e)
        {
            _expectations.CreationObserved(key);
            _context.Events.Event(ds, EventRecorder.Warning, "FailedCreate", $"Error creating: {ApiErrors.Message(e)}");
            lock (errors)
            {
                errors.Add(e);
            }
        }
    }

    private async Task WriteStatusAsync(V1DaemonSet ds, V1DaemonSetStatus? status, CancellationToken cancellationToken)
    {
        if (status is null)
        {
            return;
        }

        var patch = new JsonObject { ["status"] = JsonNode.Parse(KubernetesJson.Serialize(status)) };
        try
        {
            await _context.Client.AppsV1.PatchNamespacedDaemonSetStatusAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
                ds.Metadata.Name, ds.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    private void Enqueue(V1DaemonSet ds) => _queue.Add(Keys.For(ds));

    private void OnDaemonSetDeleted(V1DaemonSet ds)
    {
        var key = Keys.For(ds);
        _expectations.Forget(key);
        _queue.Add(key);
    }

    private void EnqueueAll()
    {
        foreach (var key in _daemonSets.Indexer.ListKeys())
        {
            _queue.Add(key);
        }
    }

    private void OnNodeAdded(V1Node node)
    {
        foreach (var ds in _daemonSets.Indexer.List())
        {
            if (DaemonSetPlanner.NodeShouldRunDaemonPod(node, ds).ShouldRun)
            {
                Enqueue(ds);
            }
        }
    }

    // Heartbeats change only status: act only when the node's fitness for a DaemonSet changed.
    private void OnNodeUpdated(V1Node old, V1Node node)
    {
        foreach (var ds in _daemonSets.Indexer.List())
        {
            if (DaemonSetPlanner.NodeShouldRunDaemonPod(old, ds) != DaemonSetPlanner.NodeShouldRunDaemonPod(node, ds))
            {
                Enqueue(ds);
            }
        }
    }

    private void EnqueueOwner(V1ControllerRevision revision)
    {
        if (ResolveControllerRef(revision.Metadata) is { } ds)
        {
            Enqueue(ds);
        }
    }

    private void OnPodAdded(V1Pod pod)
    {
        if (ResolveControllerRef(pod.Metadata) is { } ds)
        {
            var key = Keys.For(ds);
            if (pod.Metadata.DeletionTimestamp is not null)
            {
                _expectations.DeletionObserved(key);
            }
            else
            {
                _expectations.CreationObserved(key);
            }

            _queue.Add(key);
            return;
        }

        EnqueueSelecting(pod);
    }

    private void OnPodUpdated(V1Pod old, V1Pod pod)
    {
        var oldRef = ControllerRefs.GetControllerOf(old.Metadata);
        var newRef = ControllerRefs.GetControllerOf(pod.Metadata);
        if (oldRef is not null && oldRef.Uid != newRef?.Uid && ResolveControllerRef(old.Metadata) is { } previous)
        {
            Enqueue(previous);
        }

        if (ResolveControllerRef(pod.Metadata) is { } ds)
        {
            if (old.Metadata.DeletionTimestamp is null && pod.Metadata.DeletionTimestamp is not null)
            {
                _expectations.DeletionObserved(Keys.For(ds));
            }

            Enqueue(ds);
            return;
        }

        if (newRef is null)
        {
            EnqueueSelecting(pod);
        }
    }

    private void OnPodDeleted(V1Pod pod)
    {
        if (ResolveControllerRef(pod.Metadata) is { } ds)
        {
            var key = Keys.For(ds);

            // A pod seen terminating was counted then.
            if (pod.Metadata.DeletionTimestamp is null)
            {
                _expectations.DeletionObserved(key);
            }

            _queue.Add(key);
        }
    }

    // An orphan: the DaemonSets of its namespace whose selector matches may adopt it.
    private void EnqueueSelecting(V1Pod pod)
    {
        foreach (var ds in ControllerRefs.OwnersSelectingOrphan(_daemonSets.Indexer, pod, d => d.Spec.Selector))
        {
            Enqueue(ds);
        }
    }

    private V1DaemonSet? ResolveControllerRef(V1ObjectMeta meta) =>
        ControllerRefs.Resolve(_daemonSets.Indexer, meta.NamespaceProperty, ControllerRefs.GetControllerOf(meta), "DaemonSet");
}
