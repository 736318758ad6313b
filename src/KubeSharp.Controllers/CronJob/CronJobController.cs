using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.CronJob;

/// <summary>
/// Upstream's CronJob controller v2 (pkg/controller/cronjob/cronjob_controllerv2.go): creates a Job per schedule time
/// through <see cref="CronJobPlanner"/> and requeues itself for the next schedule time on the controller's clock.
/// </summary>
internal sealed partial class CronJobController : IController
{
    private readonly ControllerContext _ctx;
    private readonly SharedInformer<V1CronJob> _cronJobs;
    private readonly SharedInformer<V1Job> _jobs;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;

    public CronJobController(ControllerContext ctx)
    {
        _ctx = ctx;
        _logger = ctx.Loggers.CreateLogger<CronJobController>();
        _queue = new WorkQueue<string>(ctx.Time);
        _cronJobs = ctx.Informers.CronJobs();
        _jobs = ctx.Informers.Jobs();
        _cronJobs.AddEventHandler(c => _queue.Add(Keys.For(c)), OnCronJobUpdate, c => _queue.Add(Keys.For(c)));
        _jobs.AddEventHandler(OnJob, OnJobUpdate, OnJob);
    }

    public string Name => "cronjob";

    public Task RunAsync(CancellationToken cancellationToken) =>
        ControllerLoop.RunWorkersAsync(_queue, _ctx.Options.Workers, SyncAsync, _logger, cancellationToken);

    private void OnCronJobUpdate(V1CronJob old, V1CronJob current)
    {
        var key = Keys.For(current);
        if (old.Spec.Schedule != current.Spec.Schedule || old.Spec.TimeZone != current.Spec.TimeZone)
        {
            // A new schedule: the next run is computed afresh from it (upstream enqueues at that time).
            if (CronSchedule.TryParse(current.Spec.Schedule, current.Spec.TimeZone, out var schedule, out _)
                && CronJobPlanner.NextScheduleTimeDuration(current, current.Status ?? new V1CronJobStatus(), _ctx.Time.GetUtcNow(), schedule!) is TimeSpan after)
            {
                _queue.AddAfter(key, after);
                return;
            }
        }

        _queue.Add(key);
    }

    private void OnJob(V1Job job)
    {
        if (ResolveControllerRef(job.Metadata.NamespaceProperty, ControllerRefs.GetControllerOf(job.Metadata)) is { } cronJob)
        {
            _queue.Add(Keys.For(cronJob));
        }
    }

    private void OnJobUpdate(V1Job old, V1Job current)
    {
        if (old.Metadata.ResourceVersion == current.Metadata.ResourceVersion)
        {
            return;
        }

        var oldRef = ControllerRefs.GetControllerOf(old.Metadata);
        if (oldRef?.Uid != ControllerRefs.GetControllerOf(current.Metadata)?.Uid)
        {
            OnJob(old);
        }

        OnJob(current);
    }

    private V1CronJob? ResolveControllerRef(string ns, V1OwnerReference? controllerRef) => ControllerRefs.Resolve(_cronJobs.Indexer, ns, controllerRef, "CronJob");

    internal async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var cronJob = _cronJobs.Indexer.GetByKey(key);
        if (cronJob is null)
        {
            return;
        }

        var jobs = _jobs.Indexer.ByIndex(Indexes.OwnerUid, cronJob.Metadata.Uid);
        var plan = CronJobPlanner.Plan(cronJob, jobs, _ctx.Time.GetUtcNow());
        LogSync(_logger, key, plan.JobToCreate?.Metadata.Name, plan.RequeueAfter);

        // Creations and deletions get their events once done; the planner's other events are observations.
        foreach (var planned in plan.Events.Where(e => e.Reason is not ("SuccessfulCreate" or "SuccessfulDelete")))
        {
            _ctx.Events.Event(cronJob, planned.Type, planned.Reason, planned.Message);
        }

        foreach (var job in plan.JobsToDelete)
        {
            await DeleteJobAsync(cronJob, job, cancellationToken).ConfigureAwait(false);
        }

        var status = plan.Status;
        if (plan.JobToCreate is { } request)
        {
            var created = await CreateJobAsync(cronJob, request, cancellationToken).ConfigureAwait(false);
            if (status?.Active?.FirstOrDefault(r => r.Name == request.Metadata.Name) is { } reference)
            {
                reference.Uid = created.Metadata.Uid;
                reference.ResourceVersion = created.Metadata.ResourceVersion;
            }
        }

        if (status is not null)
        {
            if (status.Active is { Count: 0 })
            {
                status.Active = null;
            }

            var update = ModelCopy.Clone(cronJob);
            update.Status = status;
            await _ctx.Client.BatchV1.ReplaceNamespacedCronJobStatusAsync(update, cronJob.Metadata.Name, cronJob.Metadata.NamespaceProperty,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        foreach (var job in plan.HistoryToDelete)
        {
            await DeleteJobAsync(cronJob, job, cancellationToken).ConfigureAwait(false);
        }

        if (plan.RequeueAfter is TimeSpan after)
        {
            _queue.AddAfter(key, after);
        }
    }

    /// <summary>
    /// Creates the Job of a schedule time. Its name is the lock: when it exists already and this CronJob controls it, it
    /// is the run we meant to create (an earlier sync created it but did not record it); anything else is an error.
    /// </summary>
    private async Task<V1Job> CreateJobAsync(V1CronJob cronJob, V1Job request, CancellationToken cancellationToken)
    {
        var ns = cronJob.Metadata.NamespaceProperty;
        try
        {
            var created = await _ctx.Client.BatchV1.CreateNamespacedJobAsync(request, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            _ctx.Events.Event(cronJob, EventRecorder.Normal, "SuccessfulCreate", $"Created job {created.Metadata.Name}");
            return created;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = await _ctx.Client.BatchV1.ReadNamespacedJobAsync(request.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (ControllerRefs.IsControlledBy(existing.Metadata, cronJob.Metadata.Uid))
            {
                return existing;
            }

            throw;
        }
        catch (HttpOperationException e)
        {
            if (!ApiErrors.IsNamespaceTerminating(e))
            {
                _ctx.Events.Event(cronJob, EventRecorder.Warning, "FailedCreate", $"Error creating job: {ApiErrors.Message(e)}");
            }

            throw;
        }
    }

    private async Task DeleteJobAsync(V1CronJob cronJob, V1Job job, CancellationToken cancellationToken)
    {
        try
        {
            await _ctx.Client.BatchV1.DeleteNamespacedJobAsync(job.Metadata.Name, job.Metadata.NamespaceProperty,
                new V1DeleteOptions { PropagationPolicy = "Background", Preconditions = new V1Preconditions { Uid = job.Metadata.Uid } },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            _ctx.Events.Event(cronJob, EventRecorder.Normal, "SuccessfulDelete", $"Deleted job {job.Metadata.Name}");
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
        }
        catch (HttpOperationException e)
        {
            _ctx.Events.Event(cronJob, EventRecorder.Warning, "FailedDelete", $"Deleted job: {ApiErrors.Message(e)}");
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "CronJob {Key}: create {Job}, requeue after {RequeueAfter}")]
    private static partial void LogSync(ILogger logger, string key, string? job, TimeSpan? requeueAfter);
}
