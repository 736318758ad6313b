using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.ReplicaSet;

/// <summary>
/// Upstream's ReplicaSetController (pkg/controller/replicaset), shared by ReplicaSets and ReplicationControllers the way
/// upstream's ReplicationManager reuses it: the owner is seen as a ReplicaSet for planning, while controller references,
/// events and status writes use the owner's own kind.
/// </summary>
internal abstract partial class ReplicaControllerBase<TOwner> : IController
    where TOwner : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ControllerContext _context;
    private readonly SharedInformer<TOwner> _owners;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly WorkQueue<string> _queue;
    private readonly Expectations _expectations;
    private readonly string _apiVersion;
    private readonly string _kind;
    private readonly ILogger _logger;

    protected ReplicaControllerBase(ControllerContext context, SharedInformer<TOwner> owners, string apiVersion, string kind, ILogger logger)
    {
        _context = context;
        _owners = owners;
        _pods = context.Informers.Pods();
        _queue = new WorkQueue<string>(context.Time);
        _expectations = new Expectations(context.Time);
        _apiVersion = apiVersion;
        _kind = kind;
        _logger = logger;
        owners.AddEventHandler(Enqueue, (_, current) => Enqueue(current), OnOwnerDeleted);
        _pods.AddEventHandler(OnPodAdded, OnPodUpdated, OnPodDeleted);
    }

    public abstract string Name { get; }

    public Task RunAsync(CancellationToken cancellationToken)
        => ControllerLoop.RunWorkersAsync(_queue, _context.Options.Workers, SyncAsync, _logger, cancellationToken);

    /// <summary>The owner as a ReplicaSet (read-only: planners copy what they change).</summary>
    protected abstract V1ReplicaSet AsReplicaSet(TOwner owner);

    /// <summary>Writes <paramref name="status"/> through the owner's status subresource.</summary>
    protected abstract Task WriteStatusAsync(TOwner owner, V1ReplicaSetStatus status, CancellationToken cancellationToken);

    /// <summary>A quorum read of the owner (upstream's canAdopt recheck), null when it is gone.</summary>
    protected abstract Task<TOwner?> GetLiveAsync(string ns, string name, CancellationToken cancellationToken);

    /// <summary>One sync of the owner under <paramref name="key"/> (upstream syncReplicaSet).</summary>
    public async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var owner = _owners.Indexer.GetByKey(key);
        if (owner is null)
        {
            _expectations.Delete(key);
            return;
        }

        var rs = AsReplicaSet(owner);
        var needsSync = _expectations.Satisfied(key);
        var ns = owner.Metadata.NamespaceProperty ?? string.Empty;
        var now = _context.Time.GetUtcNow();
        var plan = ReplicaSetPlanner.Plan(rs, _pods.Indexer.ByIndex(Indexes.Namespace, ns), now, RelatedPods(owner));
        var controllerRef = ControllerRefs.NewControllerRef(owner.Metadata, _apiVersion, _kind);

        var owned = plan.OwnedActivePods.ToList();
        if (plan.Adopt.Count > 0)
        {
            var live = await GetLiveAsync(ns, owner.Metadata.Name, cancellationToken).ConfigureAwait(false);
            if (live is null || live.Metadata.Uid != owner.Metadata.Uid || live.Metadata.DeletionTimestamp is not null)
            {
                throw new InvalidOperationException($"{ns}/{owner.Metadata.Name} has just been deleted");
            }

            foreach (var pod in plan.Adopt)
            {
                if (!await PatchOwnerReferencesAsync(pod, ControllerRefs.WithControllerRef(pod.Metadata, controllerRef), cancellationToken).ConfigureAwait(false))
                {
                    owned.Remove(pod);
                }
            }
        }

        foreach (var pod in plan.Release)
        {
            await PatchOwnerReferencesAsync(pod, ControllerRefs.WithoutOwner(pod.Metadata, owner.Metadata.Uid), cancellationToken).ConfigureAwait(false);
        }

        string? manageError = null;
        if (needsSync && owner.Metadata.DeletionTimestamp is null)
        {
            manageError = await ManageReplicasAsync(key, owner, plan, controllerRef, cancellationToken).ConfigureAwait(false);
        }

        var status = manageError is null && owned.Count == plan.OwnedActivePods.Count
            ? plan.Status
            : ReplicaSetPlanner.ComputeStatus(rs, owned, now, manageError);
        if (CanonicalJson.Serialize(status) != CanonicalJson.Serialize(rs.Status ?? new V1ReplicaSetStatus()))
        {
            try
            {
                await WriteStatusAsync(owner, status, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
            {
                return;
            }
        }

        if (manageError is not null)
        {
            throw new InvalidOperationException(manageError);
        }

        if (plan.RequeueAfter is { } after)
        {
            _queue.AddAfter(key, after);
        }
    }

    // Pods of the sibling owners under the same controller (a Deployment's ReplicaSets): deletion prefers nodes they crowd.
    private List<V1Pod>? RelatedPods(TOwner owner)
    {
        if (ControllerRefs.GetControllerOf(owner.Metadata)?.Uid is not { Length: > 0 } parentUid)
        {
            return null;
        }

        return _owners.Indexer.ByIndex(Indexes.OwnerUid, parentUid)
            .Where(o => o.Metadata.NamespaceProperty == owner.Metadata.NamespaceProperty)
            .SelectMany(o => _pods.Indexer.ByIndex(Indexes.OwnerUid, o.Metadata.Uid))
            .Where(p => ControllerRefs.GetControllerOf(p.Metadata) is not null)
            .ToList();
    }

    /// <summary>Upstream manageReplicas: creations in slow-start batches, or deletions; returns the first error's message.</summary>
    private async Task<string?> ManageReplicasAsync(string key, TOwner owner, ReplicaSetPlan plan, V1OwnerReference controllerRef,
        CancellationToken cancellationToken)
    {
        if (plan.CreateCount > 0 && plan.PodTemplate is { } template)
        {
            template.Metadata.OwnerReferences = [controllerRef];
            _expectations.ExpectCreations(key, plan.CreateCount);
            var done = 0;
            string? error = null;
            foreach (var batch in plan.CreateBatches)
            {
                var results = await Task.WhenAll(Enumerable.Range(0, batch)
                    .Select(_ => CreatePodAsync(key, owner, template, cancellationToken))).ConfigureAwait(false);
                done += batch;
                error = results.FirstOrDefault(r => r is not null);
                if (error is not null)
                {
                    break;
                }
            }

            // Creations never attempted will never be observed.
            for (var i = done; i < plan.CreateCount; i++)
            {
                _expectations.CreationObserved(key);
            }

            return error;
        }

        if (plan.PodsToDelete.Count > 0)
        {
            _expectations.ExpectDeletions(key, plan.PodsToDelete.Select(Keys.For));
            var results = await Task.WhenAll(plan.PodsToDelete.Select(p => DeletePodAsync(key, owner, p, cancellationToken))).ConfigureAwait(false);
            return results.FirstOrDefault(r => r is not null);
        }

        return null;
    }

    private async Task<string?> CreatePodAsync(string key, TOwner owner, V1Pod template, CancellationToken cancellationToken)
    {
        try
        {
            var created = await _context.Client.CoreV1.CreateNamespacedPodAsync(ModelCopy.Clone(template), owner.Metadata.NamespaceProperty,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            _context.Events.Event(owner, EventRecorder.Normal, "SuccessfulCreate", $"Created pod: {created.Metadata.Name}");
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            _expectations.CreationObserved(key);
            var message = ApiErrors.Message(e);
            _context.Events.Event(owner, EventRecorder.Warning, "FailedCreate", $"Error creating: {message}");
            LogCreateFailed(_logger, _kind, key, message);
            return message;
        }
    }

    private async Task<string?> DeletePodAsync(string key, TOwner owner, V1Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            var options = new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } };
            await _context.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, options,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            _context.Events.Event(owner, EventRecorder.Normal, "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}");
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Either way no deletion event of this pod will come from this attempt.
            _expectations.DeletionObserved(key, Keys.For(pod));
            if (ApiErrors.Is(e, HttpStatusCode.NotFound))
            {
                return null;
            }

            var message = ApiErrors.Message(e);
            _context.Events.Event(owner, EventRecorder.Warning, "FailedDelete", $"Error deleting: {message}");
            return message;
        }
    }

    /// <summary>Adoption or release: replaces metadata.ownerReferences, guarded by the pod's uid and resourceVersion
    /// (a conflict fails the sync, which is retried). False when the pod is gone.</summary>
    private async Task<bool> PatchOwnerReferencesAsync(V1Pod pod, IList<V1OwnerReference> references, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["uid"] = pod.Metadata.Uid,
                ["resourceVersion"] = pod.Metadata.ResourceVersion,
                ["ownerReferences"] = references.Count == 0 ? null : JsonNode.Parse(KubernetesJson.Serialize(references)),
            },
        };
        try
        {
            await _context.Client.CoreV1.PatchNamespacedPodAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
                pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            return false;
        }
    }

    private void Enqueue(TOwner owner) => _queue.Add(Keys.For(owner));

    private void OnOwnerDeleted(TOwner owner)
    {
        var key = Keys.For(owner);
        _expectations.Delete(key);
        _queue.Add(key);
    }

    /// <summary>The owner a controller reference points to, if it is of this kind and still the same object.</summary>
    private TOwner? Resolve(string ns, V1OwnerReference? reference)
    {
        if (reference is null || reference.Kind != _kind || Group(reference.ApiVersion) != Group(_apiVersion))
        {
            return null;
        }

        var owner = _owners.Indexer.GetByKey($"{ns}/{reference.Name}");
        return owner?.Metadata.Uid == reference.Uid ? owner : null;
    }

    private static string Group(string? apiVersion)
    {
        var slash = apiVersion?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash < 0 ? string.Empty : apiVersion![..slash];
    }

    /// <summary>Owners in the pod's namespace whose selector matches it (upstream getPodReplicaSets).</summary>
    private IEnumerable<TOwner> MatchingOwners(V1Pod pod)
        => _owners.Indexer.ByIndex(Indexes.Namespace, pod.Metadata.NamespaceProperty ?? string.Empty)
            .Where(o => AsReplicaSet(o).Spec.Selector is { } s && !LabelSelectors.IsEmpty(s) && LabelSelectors.Matches(s, pod.Metadata.Labels));

    private void OnPodAdded(V1Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // Seen for the first time already terminating (e.g. after a relist): counts as a deletion.
            OnPodDeleted(pod);
            return;
        }

        var reference = ControllerRefs.GetControllerOf(pod.Metadata);
        if (reference is not null)
        {
            if (Resolve(pod.Metadata.NamespaceProperty ?? string.Empty, reference) is { } owner)
            {
                var key = Keys.For(owner);
                _expectations.CreationObserved(key);
                _queue.Add(key);
            }

            return;
        }

        foreach (var owner in MatchingOwners(pod))
        {
            Enqueue(owner);
        }
    }

    private void OnPodUpdated(V1Pod old, V1Pod current)
    {
        if (old.Metadata.ResourceVersion == current.Metadata.ResourceVersion)
        {
            return;
        }

        var labelsChanged = !Maps.Same(old.Metadata.Labels, current.Metadata.Labels);
        if (current.Metadata.DeletionTimestamp is not null)
        {
            OnPodDeleted(current);
            if (labelsChanged)
            {
                OnPodDeleted(old);
            }

            return;
        }

        var ns = current.Metadata.NamespaceProperty ?? string.Empty;
        var currentRef = ControllerRefs.GetControllerOf(current.Metadata);
        var oldRef = ControllerRefs.GetControllerOf(old.Metadata);
        var refChanged = currentRef?.Uid != oldRef?.Uid;
        if (refChanged && Resolve(ns, oldRef) is { } previous)
        {
            Enqueue(previous);
        }

        if (currentRef is not null)
        {
            if (Resolve(ns, currentRef) is not { } owner)
            {
                return;
            }

            Enqueue(owner);
            var minReady = AsReplicaSet(owner).Spec.MinReadySeconds ?? 0;
            if (minReady > 0 && !PodUtil.IsReady(old) && PodUtil.IsReady(current))
            {
                // It becomes available only minReadySeconds later; no event will say so.
                _queue.AddAfter(Keys.For(owner), TimeSpan.FromSeconds(minReady));
            }

            return;
        }

        if (labelsChanged || refChanged)
        {
            foreach (var owner in MatchingOwners(current))
            {
                Enqueue(owner);
            }
        }
    }

    private void OnPodDeleted(V1Pod pod)
    {
        if (Resolve(pod.Metadata.NamespaceProperty ?? string.Empty, ControllerRefs.GetControllerOf(pod.Metadata)) is { } owner)
        {
            var key = Keys.For(owner);
            _expectations.DeletionObserved(key, Keys.For(pod));
            _queue.Add(key);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} {Key} failed to create a pod: {Message}")]
    private static partial void LogCreateFailed(ILogger logger, string kind, string key, string message);
}
