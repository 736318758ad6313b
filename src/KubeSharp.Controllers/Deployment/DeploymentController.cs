using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.ReplicaSet;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// Rolls Deployments out through ReplicaSets (upstream controller "deployment", pkg/controller/deployment): carries out
/// <see cref="DeploymentPlanner"/>'s plans through the API.
/// </summary>
internal sealed partial class DeploymentController : IController
{
    private readonly ControllerContext _context;
    private readonly SharedInformer<V1Deployment> _deployments;
    private readonly SharedInformer<V1ReplicaSet> _replicaSets;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;

    public DeploymentController(ControllerContext context)
    {
        _context = context;
        _deployments = context.Informers.Deployments();
        _replicaSets = context.Informers.ReplicaSets();
        _pods = context.Informers.Pods();
        _queue = new WorkQueue<string>(context.Time);
        _logger = context.Loggers.CreateLogger<DeploymentController>();
        _deployments.AddEventHandler(Enqueue, (_, current) => Enqueue(current), Enqueue);
        _replicaSets.AddEventHandler(OnReplicaSetAdded, OnReplicaSetUpdated, OnReplicaSetDeleted);
        _pods.AddEventHandler(null, null, OnPodDeleted);
    }

    public string Name => "deployment";

    public Task RunAsync(CancellationToken cancellationToken)
        => ControllerLoop.RunWorkersAsync(_queue, _context.Options.Workers, SyncAsync, _logger, cancellationToken);

    /// <summary>One sync of the Deployment under <paramref name="key"/> (upstream syncDeployment), in the plan's order.</summary>
    public async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var deployment = _deployments.Indexer.GetByKey(key);
        if (deployment is null)
        {
            return;
        }

        var ns = deployment.Metadata.NamespaceProperty ?? string.Empty;
        var plan = DeploymentPlanner.Plan(deployment, _replicaSets.Indexer.ByIndex(Indexes.Namespace, ns), _pods.Indexer.ByIndex(Indexes.Namespace, ns),
            _context.Time.GetUtcNow());
        var apps = _context.Client.AppsV1;

        if (plan.AdoptReplicaSets.Count > 0)
        {
            var live = await GetLiveAsync(deployment, cancellationToken).ConfigureAwait(false);
            if (live is null || live.Metadata.Uid != deployment.Metadata.Uid || live.Metadata.DeletionTimestamp is not null)
            {
                throw new InvalidOperationException($"{key} has just been deleted");
            }

            var controllerRef = DeploymentPlanner.ControllerRef(deployment);
            foreach (var rs in plan.AdoptReplicaSets)
            {
                await PatchOwnerReferencesAsync(rs, ControllerRefs.WithControllerRef(rs.Metadata, controllerRef), cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var rs in plan.ReleaseReplicaSets)
        {
            await PatchOwnerReferencesAsync(rs, ControllerRefs.WithoutOwner(rs.Metadata, deployment.Metadata.Uid), cancellationToken).ConfigureAwait(false);
        }

        if (plan.CreateReplicaSet is { } newRS)
        {
            try
            {
                await apps.CreateNamespacedReplicaSetAsync(newRS, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.Conflict))
            {
                // The cache lags (or a hash collision): the next sync sees the ReplicaSet and decides.
                throw new InvalidOperationException($"replica set {ns}/{newRS.Metadata.Name} already exists", e);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                await ReportCreateFailureAsync(deployment, newRS, e, cancellationToken).ConfigureAwait(false);
                throw;
            }
        }

        foreach (var rs in plan.UpdateReplicaSets)
        {
            await apps.ReplaceNamespacedReplicaSetAsync(rs, rs.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        foreach (var rs in plan.DeleteReplicaSets)
        {
            try
            {
                var options = new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = rs.Metadata.Uid } };
                await apps.DeleteNamespacedReplicaSetAsync(rs.Metadata.Name, ns, options, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
            {
            }
        }

        // The ReplicaSet writes are done: their events go out now, as upstream records them right after each scale, so a
        // conflict on the Deployment's own writes below cannot lose them.
        foreach (var e in plan.Events)
        {
            _context.Events.Event(deployment, e.Type, e.Reason, e.Message);
        }

        var resourceVersion = deployment.Metadata.ResourceVersion;
        if (plan.RevisionAnnotation is { } revision)
        {
            // The status subresource keeps only status (upstream's also keeps annotations): the revision goes on the main resource.
            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [DeploymentUtil.RevisionAnnotation] = revision } },
            };
            var patched = await apps.PatchNamespacedDeploymentAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
                deployment.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            resourceVersion = patched.Metadata.ResourceVersion;
        }

        if (plan.Status is { } status)
        {
            await WriteStatusAsync(deployment, status, resourceVersion, cancellationToken).ConfigureAwait(false);
        }

        if (plan.RequeueAfter is { } after)
        {
            if (after <= TimeSpan.Zero)
            {
                _queue.AddRateLimited(key);
            }
            else
            {
                _queue.AddAfter(key, after);
            }
        }
    }

    private async Task WriteStatusAsync(V1Deployment deployment, V1DeploymentStatus status, string? resourceVersion, CancellationToken cancellationToken)
    {
        var copy = ModelCopy.Clone(deployment);
        copy.Metadata.ResourceVersion = resourceVersion;
        copy.Status = status;
        await _context.Client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(copy, copy.Metadata.Name, copy.Metadata.NamespaceProperty,
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    // Upstream: a failed creation of the new ReplicaSet becomes condition ReplicaFailure and a warning event.
    private async Task ReportCreateFailureAsync(V1Deployment deployment, V1ReplicaSet newRS, Exception error, CancellationToken cancellationToken)
    {
        var message = $"Failed to create new replica set \"{newRS.Metadata.Name}\": {ApiErrors.Message(error)}";
        LogCreateFailed(_logger, Keys.For(deployment), message);
        _context.Events.Event(deployment, EventRecorder.Warning, DeploymentConditions.FailedRSCreateReason, message);
        var status = ModelCopy.Clone(deployment.Status ?? new V1DeploymentStatus());
        DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.ReplicaFailure, "True",
            DeploymentConditions.FailedRSCreateReason, message, _context.Time.GetUtcNow()));
        if (DeploymentUtil.HasProgressDeadline(deployment))
        {
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "False",
                DeploymentConditions.FailedRSCreateReason, message, _context.Time.GetUtcNow()));
        }

        try
        {
            await WriteStatusAsync(deployment, status, deployment.Metadata.ResourceVersion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogStatusFailed(_logger, Keys.For(deployment), e);
        }
    }

    private async Task<V1Deployment?> GetLiveAsync(V1Deployment deployment, CancellationToken cancellationToken)
    {
        try
        {
            return await _context.Client.AppsV1.ReadNamespacedDeploymentAsync(deployment.Metadata.Name, deployment.Metadata.NamespaceProperty,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            return null;
        }
    }

    /// <summary>Adoption or release of a ReplicaSet, guarded by its uid and resourceVersion; a vanished one is fine.</summary>
    private async Task PatchOwnerReferencesAsync(V1ReplicaSet rs, IList<V1OwnerReference> references, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["uid"] = rs.Metadata.Uid,
                ["resourceVersion"] = rs.Metadata.ResourceVersion,
                ["ownerReferences"] = references.Count == 0 ? null : JsonNode.Parse(KubernetesJson.Serialize(references)),
            },
        };
        try
        {
            await _context.Client.AppsV1.PatchNamespacedReplicaSetAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
                rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
        }
    }

    private void Enqueue(V1Deployment deployment) => _queue.Add(Keys.For(deployment));

    private V1Deployment? Resolve(string ns, V1OwnerReference? reference)
    {
        if (reference is null || reference.Kind != "Deployment" || !(reference.ApiVersion ?? string.Empty).StartsWith("apps/", StringComparison.Ordinal))
        {
            return null;
        }

        var deployment = _deployments.Indexer.GetByKey($"{ns}/{reference.Name}");
        return deployment?.Metadata.Uid == reference.Uid ? deployment : null;
    }

    /// <summary>Deployments in the ReplicaSet's namespace whose selector matches it (upstream getDeploymentsForReplicaSet).</summary>
    private IEnumerable<V1Deployment> MatchingDeployments(V1ReplicaSet rs)
        => _deployments.Indexer.ByIndex(Indexes.Namespace, rs.Metadata.NamespaceProperty ?? string.Empty)
            .Where(d => !LabelSelectors.IsEmpty(d.Spec?.Selector) && LabelSelectors.Matches(d.Spec?.Selector, rs.Metadata.Labels));

    private void OnReplicaSetAdded(V1ReplicaSet rs)
    {
        if (rs.Metadata.DeletionTimestamp is not null)
        {
            OnReplicaSetDeleted(rs);
            return;
        }

        if (ControllerRefs.GetControllerOf(rs.Metadata) is { } reference)
        {
            if (Resolve(rs.Metadata.NamespaceProperty ?? string.Empty, reference) is { } owner)
            {
                Enqueue(owner);
            }

            return;
        }

        foreach (var d in MatchingDeployments(rs))
        {
            Enqueue(d);
        }
    }

    private void OnReplicaSetUpdated(V1ReplicaSet old, V1ReplicaSet current)
    {
        if (old.Metadata.ResourceVersion == current.Metadata.ResourceVersion)
        {
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
            if (Resolve(ns, currentRef) is { } owner)
            {
                Enqueue(owner);
            }

            return;
        }

        var labelsChanged = !Maps.Same(old.Metadata.Labels, current.Metadata.Labels);
        if (labelsChanged || refChanged)
        {
            foreach (var d in MatchingDeployments(current))
            {
                Enqueue(d);
            }
        }
    }

    private void OnReplicaSetDeleted(V1ReplicaSet rs)
    {
        if (Resolve(rs.Metadata.NamespaceProperty ?? string.Empty, ControllerRefs.GetControllerOf(rs.Metadata)) is { } owner)
        {
            Enqueue(owner);
        }
    }

    // Recreate waits for the old pods to be gone: their deletion may be what it waits for.
    private void OnPodDeleted(V1Pod pod)
    {
        var ns = pod.Metadata.NamespaceProperty ?? string.Empty;
        if (ControllerRefs.GetControllerOf(pod.Metadata) is not { Kind: "ReplicaSet" } podRef
            || _replicaSets.Indexer.GetByKey($"{ns}/{podRef.Name}") is not { } rs
            || rs.Metadata.Uid != podRef.Uid
            || Resolve(ns, ControllerRefs.GetControllerOf(rs.Metadata)) is not { } deployment
            || DeploymentUtil.IsRollingUpdate(deployment))
        {
            return;
        }

        Enqueue(deployment);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Key}: {Message}")]
    private static partial void LogCreateFailed(ILogger logger, string key, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Key}: status update failed")]
    private static partial void LogStatusFailed(ILogger logger, string key, Exception exception);
}
