using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;
using static KubeSharp.Controllers.Job.JobConstants;

namespace KubeSharp.Controllers.Job;

/// <summary>
/// Upstream's Job controller (pkg/controller/job): runs a Job's pods to completion through <see cref="JobPlanner"/>, tracking
/// finished pods with the batch.kubernetes.io/job-tracking finalizer (status first, then the finalizer goes), backing off
/// after failures and enforcing activeDeadlineSeconds. A second queue strips the finalizer from pods whose Job is gone or
/// finished (upstream's orphan worker).
/// </summary>
internal sealed partial class JobController : IController
{
    /// <summary>Upstream syncJobBatchPeriod: pod events within this period fold into one sync.</summary>
    public static readonly TimeSpan SyncBatchPeriod = TimeSpan.FromSeconds(1);

    private readonly ControllerContext _ctx;
    private readonly SharedInformer<V1Job> _jobs;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly WorkQueue<string> _queue;
    private readonly WorkQueue<string> _orphanQueue;
    private readonly JobExpectations _expectations;
    private readonly ILogger _logger;
    private readonly Lock _writtenLock = new();

    // The Job as our last status write returned it, keyed by UID, with the resourceVersion it was based on: while the
    // informer still shows that older version, a sync must not plan from it (pods whose finalizer we removed would be lost).
    private readonly Dictionary<string, (string BaseVersion, V1Job Written)> _written = new(StringComparer.Ordinal);

    public JobController(ControllerContext ctx)
    {
        _ctx = ctx;
        _logger = ctx.Loggers.CreateLogger<JobController>();
        _queue = new WorkQueue<string>(ctx.Time);
        _orphanQueue = new WorkQueue<string>(ctx.Time);
        _expectations = new JobExpectations(ctx.Time);
        _jobs = ctx.Informers.Jobs();
        _pods = ctx.Informers.Pods();
        _jobs.AddEventHandler(j => _queue.Add(Keys.For(j)), OnJobUpdate, OnJobDelete);
        _pods.AddEventHandler(OnPodAdd, OnPodUpdate, p => OnPodDelete(p, final: true));
    }

    public string Name => "job";

    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(
        ControllerLoop.RunWorkersAsync(_queue, _ctx.Options.Workers, SyncAsync, _logger, cancellationToken),
        ControllerLoop.RunWorkersAsync(_orphanQueue, 1, SyncOrphanPodAsync, _logger, cancellationToken));

    private void OnJobUpdate(V1Job old, V1Job current)
    {
        var key = Keys.For(current);
        if (old.Metadata.Generation == current.Metadata.Generation)
        {
            _queue.AddAfter(key, SyncBatchPeriod);
        }
        else
        {
            _queue.Add(key);
        }

        if (JobPlanner.IsFinished(current.Status))
        {
            CleanupPodFinalizers(current);
        }

        if (current.Status?.StartTime is DateTime started && current.Spec.ActiveDeadlineSeconds is long deadline
            && old.Spec.ActiveDeadlineSeconds != deadline)
        {
            _queue.AddAfter(key, TimeSpan.FromSeconds(deadline) - (_ctx.Time.GetUtcNow() - PodUtil.ToOffset(started)));
        }
    }

    private void OnJobDelete(V1Job job)
    {
        lock (_writtenLock)
        {
            _written.Remove(job.Metadata.Uid);
        }

        _queue.Add(Keys.For(job));
        CleanupPodFinalizers(job);
    }

    private void CleanupPodFinalizers(V1Job job)
    {
        foreach (var pod in _pods.Indexer.ByIndex(Indexes.OwnerUid, job.Metadata.Uid))
        {
            if (HasTrackingFinalizer(pod))
            {
                _orphanQueue.Add(Keys.For(pod));
            }
        }
    }

    private void OnPodAdd(V1Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            OnPodDelete(pod, final: false);
            return;
        }

        if (ControllerRefs.GetControllerOf(pod.Metadata) is { } controllerRef)
        {
            if (ResolveControllerRef(pod.Metadata.NamespaceProperty, controllerRef) is { } job)
            {
                var key = Keys.For(job);
                _expectations.CreationObserved(key);
                _queue.AddAfter(key, SyncBatchPeriod);
            }

            return;
        }

        if (HasTrackingFinalizer(pod))
        {
            _orphanQueue.Add(Keys.For(pod));
        }

        foreach (var job in JobsSelecting(pod))
        {
            _queue.AddAfter(Keys.For(job), SyncBatchPeriod);
        }
    }

    private void OnPodUpdate(V1Pod old, V1Pod current)
    {
        if (old.Metadata.ResourceVersion == current.Metadata.ResourceVersion)
        {
            return;
        }

        if (current.Metadata.DeletionTimestamp is not null)
        {
            OnPodDelete(current, final: false);
            return;
        }

        var currentRef = ControllerRefs.GetControllerOf(current.Metadata);
        var oldRef = ControllerRefs.GetControllerOf(old.Metadata);
        var refChanged = currentRef?.Uid != oldRef?.Uid;
        if (refChanged && oldRef is not null && ResolveControllerRef(old.Metadata.NamespaceProperty, oldRef) is { } oldJob)
        {
            _queue.AddAfter(Keys.For(oldJob), SyncBatchPeriod);
        }

        if (currentRef is not null)
        {
            if (ResolveControllerRef(current.Metadata.NamespaceProperty, currentRef) is { } job)
            {
                _queue.AddAfter(Keys.For(job), SyncBatchPeriod);
            }

            return;
        }

        if (HasTrackingFinalizer(current))
        {
            _orphanQueue.Add(Keys.For(current));
        }

        if (refChanged || !SameLabels(old.Metadata.Labels, current.Metadata.Labels))
        {
            foreach (var job in JobsSelecting(current))
            {
                _queue.AddAfter(Keys.For(job), SyncBatchPeriod);
            }
        }
    }

    private void OnPodDelete(V1Pod pod, bool final)
    {
        var controllerRef = ControllerRefs.GetControllerOf(pod.Metadata);
        var job = controllerRef is null ? null : ResolveControllerRef(pod.Metadata.NamespaceProperty, controllerRef);
        if (job is null || JobPlanner.IsFinished(job.Status))
        {
            // The Job's syncs will not remove this finalizer.
            if (!final && HasTrackingFinalizer(pod))
            {
                _orphanQueue.Add(Keys.For(pod));
            }

            return;
        }

        var key = Keys.For(job);
        _expectations.DeletionObserved(key, pod.Metadata.Uid);
        _queue.AddAfter(key, SyncBatchPeriod);
    }

    private V1Job? ResolveControllerRef(string ns, V1OwnerReference controllerRef) => ControllerRefs.Resolve(_jobs.Indexer, ns, controllerRef, "Job");

    private IEnumerable<V1Job> JobsSelecting(V1Pod pod)
        => _jobs.Indexer.ByIndex(Indexes.Namespace, pod.Metadata.NamespaceProperty ?? "")
            .Where(j => !LabelSelectors.IsEmpty(j.Spec.Selector) && LabelSelectors.Matches(j.Spec.Selector, pod.Metadata.Labels));

    private static bool SameLabels(IDictionary<string, string>? a, IDictionary<string, string>? b)
        => (a?.Count ?? 0) == (b?.Count ?? 0) && (a ?? new Dictionary<string, string>()).All(kv => b is not null && b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static bool HasTrackingFinalizer(V1Pod pod) => pod.Metadata.Finalizers?.Contains(TrackingFinalizer) == true;

    internal async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = Keys.Split(key);
        var cached = _jobs.Indexer.GetByKey(key);
        if (cached is null)
        {
            _expectations.Forget(key);
            return;
        }

        var job = Latest(cached);
        if (!_expectations.Satisfied(key))
        {
            // The informer has not seen our last creations/deletions yet; its events bring the Job back.
            return;
        }

        var pods = _pods.Indexer.ByIndex(Indexes.Namespace, ns);
        var now = _ctx.Time.GetUtcNow();
        var plan = JobPlanner.Plan(job, pods, now);
        LogSync(_logger, key, plan.PodsToCreate.Count, plan.PodsToDelete.Count, plan.PodsToRemoveFinalizer.Count, plan.Status is not null);

        await ClaimAsync(job, plan, cancellationToken).ConfigureAwait(false);
        _expectations.Expect(key, plan.PodsToCreate.Count, plan.PodsToDelete.Select(p => p.Metadata.Uid));
        await DeletePodsAsync(key, job, plan.PodsToDelete, cancellationToken).ConfigureAwait(false);
        var createError = await CreatePodsAsync(key, job, plan, cancellationToken).ConfigureAwait(false);

        if (plan.Status is { } status)
        {
            var update = ModelCopy.Clone(job);
            update.Status = status;
            var written = await _ctx.Client.BatchV1.ReplaceNamespacedJobStatusAsync(update, name, ns, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            lock (_writtenLock)
            {
                _written[job.Metadata.Uid] = (job.Metadata.ResourceVersion, written);
            }

            RecordConditionEvents(job, status);
        }

        // Only now is every finished pod recorded in the status: its finalizer may go.
        foreach (var pod in plan.PodsToRemoveFinalizer)
        {
            await RemoveTrackingFinalizerAsync(pod, cancellationToken).ConfigureAwait(false);
        }

        if (createError is not null)
        {
            throw createError;
        }

        if (plan.RequeueAfter is TimeSpan after)
        {
            _queue.AddAfter(key, after);
        }
    }

    private V1Job Latest(V1Job cached)
    {
        lock (_writtenLock)
        {
            if (_written.TryGetValue(cached.Metadata.Uid, out var entry))
            {
                if (entry.BaseVersion == cached.Metadata.ResourceVersion)
                {
                    return entry.Written;
                }

                _written.Remove(cached.Metadata.Uid);
            }

            return cached;
        }
    }

    private async Task ClaimAsync(V1Job job, JobPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Adopt.Count > 0)
        {
            // Adoption must not race a deletion or a recreation of the Job under the same name: check with a live read.
            var fresh = await _ctx.Client.BatchV1.ReadNamespacedJobAsync(job.Metadata.Name, job.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            if (fresh.Metadata.Uid != job.Metadata.Uid || fresh.Metadata.DeletionTimestamp is not null)
            {
                throw new InvalidOperationException($"Job {Keys.For(job)} was deleted or recreated; not adopting pods.");
            }

            foreach (var pod in plan.Adopt)
            {
                var patch = new
                {
                    metadata = new
                    {
                        ownerReferences = ControllerRefs.WithControllerRef(pod.Metadata, JobPlanner.ControllerRef(job)),
                        finalizers = (pod.Metadata.Finalizers ?? []).Append(TrackingFinalizer).Distinct().ToList(),
                        uid = pod.Metadata.Uid,
                        resourceVersion = pod.Metadata.ResourceVersion,
                    },
                };
                await PatchPodAsync(pod, patch, V1Patch.PatchType.MergePatch, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var pod in plan.Release)
        {
            var patch = new { metadata = new { ownerReferences = ControllerRefs.WithoutOwner(pod.Metadata, job.Metadata.Uid), uid = pod.Metadata.Uid } };
            await PatchPodAsync(pod, patch, V1Patch.PatchType.MergePatch, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeletePodsAsync(string key, V1Job job, IReadOnlyList<V1Pod> pods, CancellationToken cancellationToken)
    {
        foreach (var pod in pods)
        {
            try
            {
                await _ctx.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                    new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken: cancellationToken).ConfigureAwait(false);
                _ctx.Events.Event(job, EventRecorder.Normal, "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}");
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
            {
                // Gone already, or replaced by another pod of that name: either way it will not be observed as ours.
                _expectations.DeletionObserved(key, pod.Metadata.Uid);
            }
            catch (HttpOperationException e)
            {
                _expectations.DeletionObserved(key, pod.Metadata.Uid);
                _ctx.Events.Event(job, EventRecorder.Warning, "FailedDelete", $"Error deleting: {ApiErrors.Message(e)}");
                throw;
            }
        }
    }

    /// <summary>Creates in slow-start batches; the first failure stops the rest and is returned (to requeue after the status write).</summary>
    private async Task<Exception?> CreatePodsAsync(string key, V1Job job, JobPlan plan, CancellationToken cancellationToken)
    {
        var next = 0;
        foreach (var size in plan.CreateBatches)
        {
            var batch = plan.PodsToCreate.Skip(next).Take(size).ToList();
            next += size;
            var results = await Task.WhenAll(batch.Select(pod => CreatePodAsync(job, pod, cancellationToken))).ConfigureAwait(false);
            if (results.FirstOrDefault(r => r is not null) is { } error)
            {
                // Failed creates and the batches never attempted will not be observed.
                for (var i = 0; i < results.Count(r => r is not null) + (plan.PodsToCreate.Count - next); i++)
                {
                    _expectations.CreationObserved(key);
                }

                return error;
            }
        }

        return null;
    }

    private async Task<Exception?> CreatePodAsync(V1Job job, V1Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            var created = await _ctx.Client.CoreV1.CreateNamespacedPodAsync(pod, job.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            _ctx.Events.Event(job, EventRecorder.Normal, "SuccessfulCreate", $"Created pod: {created.Metadata.Name}");
            return null;
        }
        catch (HttpOperationException e)
        {
            if (!ApiErrors.IsNamespaceTerminating(e))
            {
                _ctx.Events.Event(job, EventRecorder.Warning, "FailedCreate", $"Error creating: {ApiErrors.Message(e)}");
            }

            return e;
        }
    }

    private async Task RemoveTrackingFinalizerAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        if (!HasTrackingFinalizer(pod))
        {
            return;
        }

        var patch = new Dictionary<string, object>
        {
            ["metadata"] = new Dictionary<string, object> { ["$deleteFromPrimitiveList/finalizers"] = new[] { TrackingFinalizer } },
        };
        await PatchPodAsync(pod, patch, V1Patch.PatchType.StrategicMergePatch, cancellationToken).ConfigureAwait(false);
    }

    private async Task PatchPodAsync(V1Pod pod, object patch, V1Patch.PatchType type, CancellationToken cancellationToken)
    {
        try
        {
            await _ctx.Client.CoreV1.PatchNamespacedPodAsync(new V1Patch(KubernetesJson.Serialize(patch), type), pod.Metadata.Name,
                pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    private void RecordConditionEvents(V1Job job, V1JobStatus status)
    {
        foreach (var condition in status.Conditions ?? [])
        {
            var before = job.Status?.Conditions?.FirstOrDefault(c => c.Type == condition.Type);
            if (before?.Status == condition.Status)
            {
                continue;
            }

            switch (condition.Type, condition.Status)
            {
                case (Complete, "True"):
                    _ctx.Events.Event(job, EventRecorder.Normal, "Completed", "Job completed");
                    break;
                case (Failed, "True"):
                    _ctx.Events.Event(job, EventRecorder.Warning, condition.Reason ?? Failed, condition.Message ?? "");
                    break;
                case (Suspended, "True"):
                    _ctx.Events.Event(job, EventRecorder.Normal, "Suspended", "Job suspended");
                    break;
                case (Suspended, "False"):
                    _ctx.Events.Event(job, EventRecorder.Normal, "Resumed", "Job resumed");
                    break;
            }
        }
    }

    /// <summary>Upstream syncOrphanPod: strips the tracking finalizer from a pod no unfinished Job controls.</summary>
    internal async Task SyncOrphanPodAsync(string key, CancellationToken cancellationToken)
    {
        var pod = _pods.Indexer.GetByKey(key);
        if (pod is null || !HasTrackingFinalizer(pod))
        {
            return;
        }

        if (ControllerRefs.GetControllerOf(pod.Metadata) is { } controllerRef)
        {
            if (controllerRef.Kind != "Job" || controllerRef.ApiVersion != "batch/v1")
            {
                return;
            }

            if (ResolveControllerRef(pod.Metadata.NamespaceProperty, controllerRef) is { } job && !JobPlanner.IsFinished(job.Status))
            {
                return;
            }
        }

        await RemoveTrackingFinalizerAsync(pod, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {Key}: create {Create}, delete {Delete}, remove finalizers {Finalizers}, status changed {StatusChanged}")]
    private static partial void LogSync(ILogger logger, string key, int create, int delete, int finalizers, bool statusChanged);
}
