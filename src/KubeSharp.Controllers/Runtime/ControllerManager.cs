using k8s;
using KubeSharp.Client;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.Runtime;

/// <summary>
/// The kube-controller-manager: under a Lease-based leader election (kube-system/kube-controller-manager) it builds every
/// controller on one shared informer factory, starts the informers, waits for them to sync, then runs the controllers.
/// </summary>
internal sealed partial class ControllerManager(IKubernetes client, ControllerManagerOptions options, TimeProvider time, ILoggerFactory loggers,
    string identity)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger<ControllerManager>();
        if (!options.LeaderElect)
        {
            await RunControllersAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var elector = new LeaderElector(client, "kube-system", "kube-controller-manager", identity, time, loggers.CreateLogger<LeaderElector>());
        await elector.RunAsync(async leading =>
        {
            LogLeading(logger, identity);
            await RunControllersAsync(leading).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunControllersAsync(CancellationToken cancellationToken)
    {
        var informers = new SharedInformerFactory(client, time, loggers, options.Resync);
        await using var events = new EventRecorder(client, "kube-controller-manager", time, loggers.CreateLogger<EventRecorder>());
        var context = new ControllerContext(client, informers, events, time, loggers, options);
        var controllers = ControllerRegistry.All.Select(f => f(context)).ToList();
        await informers.StartAsync(cancellationToken).ConfigureAwait(false);
        await informers.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
        var logger = loggers.CreateLogger<ControllerManager>();
        LogStarting(logger, string.Join(", ", controllers.Select(c => c.Name)));
        await Task.WhenAll(controllers.Select(c => RunOneAsync(c, logger, cancellationToken))).ConfigureAwait(false);
    }

    private static async Task RunOneAsync(IController controller, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await controller.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogControllerFailed(logger, controller.Name, e);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} leads the controller manager")]
    private static partial void LogLeading(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting controllers: {Names}")]
    private static partial void LogStarting(ILogger logger, string names);

    [LoggerMessage(Level = LogLevel.Error, Message = "Controller {Name} stopped with an error")]
    private static partial void LogControllerFailed(ILogger logger, string name, Exception exception);
}
