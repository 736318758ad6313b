using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.StatefulSet;

/// <summary>
/// Upstream's StatefulSetController (pkg/controller/statefulset): pods with stable names and claims from
/// volumeClaimTemplates, created and deleted in ordinal order (OrderedReady) or all at once (Parallel), ControllerRevisions,
/// rolling update with partition, status. Handlers only enqueue StatefulSet keys; workers plan with
/// <see cref="StatefulSetPlanner"/> and carry the plan out through the API. Fixed pod names make a stale cache harmless
/// (a second create gets AlreadyExists), so there are no expectations.
/// </summary>
internal sealed class StatefulSetController : IController
{
    private readonly ControllerContext _context;
    private readonly SharedInformer<V1StatefulSet> _sets;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly SharedInformer<V1ControllerRevision> _revisions;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;

    public StatefulSetController(ControllerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _logger = context.Loggers.CreateLogger<StatefulSetController>();
        _queue = new WorkQueue<string>(context.Time);
        _sets = context.Informers.StatefulSets();
        _pods = context.Informers.Pods();
        _revisions = context.Informers.ControllerRevisions();

        _sets.AddEventHandler(Enqueue, (_, set) => Enqueue(set), Enqueue);
        _pods.AddEventHandler(OnPodChanged, OnPodUpdated, OnPodChanged);
        _revisions.AddEventHandler(EnqueueOwner, (_, r) => EnqueueOwner(r), EnqueueOwner);
    }

    public string Name => "statefulset";

    public Task RunAsync(CancellationToken cancellationToken)
        => ControllerLoop.RunWorkersAsync(_queue, _context.Options.Workers, SyncAsync, _logger, cancellationToken);

    /// <summary>Reconciles one StatefulSet ("namespace/name") with its pods, claims and revisions.</summary>
    internal async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var set = _sets.Indexer.GetByKey(key);
        if (set is null)
        {
            return;
        }

        var (ns, _) = Keys.Split(key);
        var pods = _pods.Indexer.ByIndex(Indexes.Namespace, ns);
        var revisions = _revisions.Indexer.ByIndex(Indexes.OwnerUid, set.Metadata.Uid)
            .Where(r => ControllerRefs.IsControlledBy(r.Metadata, set.Metadata.Uid)).ToList();
        var plan = StatefulSetPlanner.Plan(set, pods, revisions, _context.Time.GetUtcNow());

        var controllerRef = StatefulSetPlanner.ControllerRef(set);
        foreach (var pod in plan.Adopt)
        {
            await RevisionWrites.PatchPodOwnerReferencesAsync(_context.Client, pod, ControllerRefs.WithControllerRef(pod.Metadata, controllerRef), cancellationToken).ConfigureAwait(false);
        }

        foreach (var pod in plan.Release)
        {
            await RevisionWrites.PatchPodOwnerReferencesAsync(_context.Client, pod, ControllerRefs.WithoutOwner(pod.Metadata, set.Metadata.Uid), cancellationToken).ConfigureAwait(false);
        }

        if (plan.RevisionToCreate is not null)
        {
            await RevisionWrites.CreateRevisionAsync(_context.Client, set.Metadata, set.Spec.Template, set.Status?.CollisionCount, plan.RevisionToCreate,
                count => _context.Client.AppsV1.PatchNamespacedStatefulSetStatusAsync(
                    new V1Patch(new JsonObject { ["status"] = new JsonObject { ["collisionCount"] = count } }.ToJsonString(), V1Patch.PatchType.MergePatch),
                    set.Metadata.Name, set.Metadata.NamespaceProperty, cancellationToken: cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await RevisionWrites.RenumberRolledBackRevisionAsync(_context.Client, set.Spec.Template, revisions, cancellationToken).ConfigureAwait(false);
        }

        // A pod is created only once all its claims exist (upstream createStatefulPod).
        await Task.WhenAll(plan.PodsToCreate.Select(p => CreatePodWithClaimsAsync(set, p, plan.ClaimsToCreate, cancellationToken))).ConfigureAwait(false);
        foreach (var pod in plan.PodsToUpdate)
        {
            await UpdatePodAsync(set, pod, cancellationToken).ConfigureAwait(false);
        }

        await Task.WhenAll(plan.PodsToDelete.Select(p => DeletePodAsync(set, p, cancellationToken))).ConfigureAwait(false);
        foreach (var revision in plan.RevisionsToDelete)
        {
            await RevisionWrites.DeleteRevisionAsync(_context.Client, revision, cancellationToken).ConfigureAwait(false);
        }

        await WriteStatusAsync(set, plan.Status, cancellationToken).ConfigureAwait(false);

        // Availability after minReadySeconds is a matter of time, not of an event: look again then.
        var status = plan.Status ?? set.Status;
        if (set.Spec.MinReadySeconds is > 0 and var minReady && status is not null && status.ReadyReplicas > (status.AvailableReplicas ?? 0))
        {
            _queue.AddAfter(key, TimeSpan.FromSeconds(minReady));
        }
    }

    private async Task CreatePodWithClaimsAsync(V1StatefulSet set, V1Pod pod, IReadOnlyList<V1PersistentVolumeClaim> claims, CancellationToken cancellationToken)
    {
        var podName = pod.Metadata.Name;
        var own = StatefulSetPlanner.Ordinal(set, pod) is int ordinal
            ? StatefulSetPlanner.Claims(set, ordinal).Select(c => c.Metadata.Name).ToHashSet(StringComparer.Ordinal)
            : [];
        foreach (var claim in claims.Where(c => own.Contains(c.Metadata.Name)))
        {
            try
            {
                await _context.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(claim, claim.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                _context.Events.Event(set, EventRecorder.Normal, "SuccessfulCreate",
                    $"create Claim {claim.Metadata.Name} Pod {podName} in StatefulSet {set.Metadata.Name} success");
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
            {
                // Claims outlive their pods: an existing claim is the one to reuse.
            }
            catch (HttpOperationException e)
            {
                _context.Events.Event(set, EventRecorder.Warning, "FailedCreate",
                    $"create Claim {claim.Metadata.Name} for Pod {podName} in StatefulSet {set.Metadata.Name} failed error: {ApiErrors.Message(e)}");
                throw;
            }
        }

        try
        {
            await _context.Client.CoreV1.CreateNamespacedPodAsync(pod, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            RecordPodEvent(set, "create", podName, null);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
        {
            // The cache had not seen the pod yet: it exists, nothing to do.
        }
        catch (HttpOperationException e)
        {
            RecordPodEvent(set, "create", podName, e);
            throw;
        }
    }

    private async Task UpdatePodAsync(V1StatefulSet set, V1Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            await _context.Client.CoreV1.ReplaceNamespacedPodAsync(pod, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            RecordPodEvent(set, "update", pod.Metadata.Name, null);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Conflict))
        {
            RecordPodEvent(set, "update", pod.Metadata.Name, e);
            throw;
        }
    }

    private async Task DeletePodAsync(V1StatefulSet set, V1Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            await _context.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            RecordPodEvent(set, "delete", pod.Metadata.Name, null);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Gone already, or replaced by a pod of the same name: the next sync sees which.
        }
        catch (HttpOperationException e)
        {
            RecordPodEvent(set, "delete", pod.Metadata.Name, e);
            throw;
        }
    }

    // Upstream's recordPodEvent wording: "<verb> Pod <pod> in StatefulSet <set> successful" / "... failed error: <err>".
    private void RecordPodEvent(V1StatefulSet set, string verb, string podName, HttpOperationException? error)
    {
        var title = char.ToUpperInvariant(verb[0]) + verb[1..];
        if (error is null)
        {
            _context.Events.Event(set, EventRecorder.Normal, "Successful" + title, $"{verb} Pod {podName} in StatefulSet {set.Metadata.Name} successful");
        }
        else
        {
            _context.Events.Event(set, EventRecorder.Warning, "Failed" + title,
                $"{verb} Pod {podName} in StatefulSet {set.Metadata.Name} failed error: {ApiErrors.Message(error)}");
        }
    }

    private async Task WriteStatusAsync(V1StatefulSet set, V1StatefulSetStatus? status, CancellationToken cancellationToken)
    {
        if (status is null)
        {
            return;
        }

        var patch = new JsonObject { ["status"] = JsonNode.Parse(KubernetesJson.Serialize(status)) };
        try
        {
            await _context.Client.AppsV1.PatchNamespacedStatefulSetStatusAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
                set.Metadata.Name, set.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    private void Enqueue(V1StatefulSet set) => _queue.Add(Keys.For(set));

    private void EnqueueOwner(V1ControllerRevision revision)
    {
        if (ResolveControllerRef(revision.Metadata) is { } set)
        {
            Enqueue(set);
        }
    }

    private void OnPodChanged(V1Pod pod)
    {
        if (ResolveControllerRef(pod.Metadata) is { } set)
        {
            Enqueue(set);
        }
        else
        {
            EnqueueSelecting(pod);
        }
    }

    private void OnPodUpdated(V1Pod old, V1Pod pod)
    {
        if (ControllerRefs.GetControllerOf(old.Metadata)?.Uid != ControllerRefs.GetControllerOf(pod.Metadata)?.Uid
            && ResolveControllerRef(old.Metadata) is { } previous)
        {
            Enqueue(previous);
        }

        OnPodChanged(pod);
    }

    // An orphan: the StatefulSets of its namespace whose selector matches may adopt it.
    private void EnqueueSelecting(V1Pod pod)
    {
        foreach (var set in ControllerRefs.OwnersSelectingOrphan(_sets.Indexer, pod, s => s.Spec.Selector))
        {
            Enqueue(set);
        }
    }

    private V1StatefulSet? ResolveControllerRef(V1ObjectMeta meta) =>
        ControllerRefs.Resolve(_sets.Indexer, meta.NamespaceProperty, ControllerRefs.GetControllerOf(meta), "StatefulSet");
}
