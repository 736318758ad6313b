using k8s;
using KubeSharp.Controllers.Runtime;
using KubeSharp.Kubelet.Simulation;
using KubeSharp.Scheduler;
using KubeSharp.Scheduler.Hosting;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Server;

/// <summary>The API server's clients that `kubesharp server` runs in its process: controller manager, scheduler, simulated nodes.</summary>
internal static class ControlPlane
{
    /// <summary>Starts the components; each runs (restarted on a crash) until <paramref name="cancellationToken"/> is cancelled.</summary>
    public static List<Task> Start(IKubernetes client, string clusterCaPem, ControlPlaneOptions options, TimeProvider time, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("kubesharp");
        var identity = $"{Environment.MachineName}_{Guid.NewGuid():N}";
        var components = new List<Task>();
        if (options.RunControllers)
        {
            var controllers = new ControllerManagerOptions
            {
                Workers = options.Controllers.Workers,
                NodeMonitorGracePeriod = options.Controllers.NodeMonitorGracePeriod,
                RootCaPem = clusterCaPem,
                ClusterCidr = options.Controllers.ClusterCidr,
                NodeCidrMaskSize = options.Controllers.NodeCidrMaskSize,
            };
            components.Add(ServerRunner.RunComponentAsync("controller manager",
                ct => new ControllerManager(client, controllers, time, loggers, identity).RunAsync(ct), logger, cancellationToken));
        }

        if (options.RunScheduler)
        {
            components.Add(ServerRunner.RunComponentAsync("scheduler",
                ct => new SchedulerService(client, new SchedulerOptions(), time, loggers, identity).RunAsync(ct), logger, cancellationToken));
        }

        if (options.SimulatedNodes > 0)
        {
            var pool = new SimulatedNodePool(client, new SimulationOptions { Count = options.SimulatedNodes }, time, loggers.CreateLogger<SimulatedNodePool>());
            components.Add(ServerRunner.RunComponentAsync("simulated nodes", pool.RunAsync, logger, cancellationToken));
        }

        return components;
    }
}
