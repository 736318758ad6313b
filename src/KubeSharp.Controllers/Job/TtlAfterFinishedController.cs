using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.Job;

/// <summary>
/// Upstream's TTL-after-finished controller (pkg/controller/ttlafterfinished): deletes a finished Job once
/// spec.ttlSecondsAfterFinished has passed since its Complete/Failed condition's lastTransitionTime. Before deleting it
/// re-reads the Job from the API server (the TTL may have just changed) and deletes with a UID precondition and
/// propagationPolicy Foreground, as upstream does, so the Job is gone only after the garbage collector removed its pods.
/// </summary>
internal sealed partial class TtlAfterFinishedController : IController
{
    public const string PropagationPolicy = "Foreground";

    private readonly ControllerContext _ctx;
    private readonly SharedInformer<V1Job> _jobs;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;

    public TtlAfterFinishedController(ControllerContext ctx)
    {
        _ctx = ctx;
        _logger = ctx.Loggers.CreateLogger<TtlAfterFinishedController>();
        _queue = new WorkQueue<string>(ctx.Time);
        _jobs = ctx.Informers.Jobs();
        _jobs.AddEventHandler(OnJob, (_, j) => OnJob(j), null);
    }

    public string Name => "ttl-after-finished";

    public Task RunAsync(CancellationToken cancellationToken) =>
        ControllerLoop.RunWorkersAsync(_queue, _ctx.Options.Workers, SyncAsync, _logger, cancellationToken);

    /// <summary>When a finished Job with a TTL expires: its Complete/Failed condition's lastTransitionTime plus the TTL.</summary>
    public static DateTimeOffset? ExpiresAt(V1Job job)
    {
        if (job.Spec?.TtlSecondsAfterFinished is not int ttl)
        {
            return null;
        }

        var finished = job.Status?.Conditions?.FirstOrDefault(c => c.Type is JobConstants.Complete or JobConstants.Failed && c.Status == "True");
        return finished?.LastTransitionTime is DateTime at ? PodUtil.ToOffset(at).AddSeconds(ttl) : null;
    }

    private void OnJob(V1Job job)
    {
        if (job.Metadata.DeletionTimestamp is null && ExpiresAt(job) is not null)
        {
            _queue.Add(Keys.For(job));
        }
    }

    internal async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var cached = _jobs.Indexer.GetByKey(key);
        if (cached is null || !Expired(cached))
        {
            return;
        }

        var (ns, name) = Keys.Split(key);
        V1Job fresh;
        try
        {
            fresh = await _ctx.Client.BatchV1.ReadNamespacedJobAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }

        if (!Expired(fresh))
        {
            return;
        }

        LogDeleting(_logger, key);
        try
        {
            await _ctx.Client.BatchV1.DeleteNamespacedJobAsync(name, ns, new V1DeleteOptions
            {
                PropagationPolicy = PropagationPolicy,
                Preconditions = new V1Preconditions { Uid = fresh.Metadata.Uid },
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>True when the TTL has run out; otherwise, for a finished Job with a TTL, schedules the next look.</summary>
    private bool Expired(V1Job job)
    {
        if (job.Metadata.DeletionTimestamp is not null || ExpiresAt(job) is not DateTimeOffset expires)
        {
            return false;
        }

        var left = expires - _ctx.Time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            return true;
        }

        _queue.AddAfter(Keys.For(job), left);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleaning up Job {Key}: its TTL after finished has expired")]
    private static partial void LogDeleting(ILogger logger, string key);
}
