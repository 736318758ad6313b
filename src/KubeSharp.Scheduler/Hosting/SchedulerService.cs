using k8s;
using KubeSharp.Client;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Scheduler.Hosting;

/// <summary>
/// kube-scheduler as a client of the API: under a Lease-based leader election (kube-system/kube-scheduler), pod and node
/// informers feed <see cref="Scheduler"/>, which binds through <see cref="ApiPodBinder"/>.
/// </summary>
internal sealed partial class SchedulerService(IKubernetes client, SchedulerOptions options, TimeProvider time, ILoggerFactory loggers, string identity,
    bool leaderElect = true)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!leaderElect)
        {
            await RunSchedulerAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var elector = new LeaderElector(client, "kube-system", "kube-scheduler", identity, time, loggers.CreateLogger<LeaderElector>());
        await elector.RunAsync(RunSchedulerAsync, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunSchedulerAsync(CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger<SchedulerService>();
        LogLeading(logger, identity);
        var informers = new SharedInformerFactory(client, time, loggers, TimeSpan.Zero);
        await using var events = new EventRecorder(client, "default-scheduler", time, loggers.CreateLogger<EventRecorder>());
        using var scheduler = new Scheduler(options, new ApiPodBinder(client, events, time), time, loggers.CreateLogger<Scheduler>());
        informers.Nodes().AddEventHandler(scheduler.OnNodeAdded, (_, node) => scheduler.OnNodeUpdated(node), scheduler.OnNodeDeleted);
        informers.Pods().AddEventHandler(scheduler.OnPodAdded, (_, pod) => scheduler.OnPodUpdated(pod), scheduler.OnPodDeleted);
        await informers.StartAsync(cancellationToken).ConfigureAwait(false);
        await informers.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
        await scheduler.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} leads the scheduler")]
    private static partial void LogLeading(ILogger logger, string identity);
}
