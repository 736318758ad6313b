using System.Diagnostics;
using System.Net;
using k8s;
using k8s.Models;
using KubeSharp.ApiServer;
using KubeSharp.Client;
using KubeSharp.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Bench;

/// <summary>
/// Issue #3's scale figures on one server in this process: N simulated nodes until all are Ready, then a Deployment of R
/// replicas until every pod is Running and Ready — through the real controllers, scheduler and simulated kubelets over
/// HTTPS. Prints the times and the process's peak memory; asserts nothing.
/// </summary>
internal static class ScaleBenchmark
{
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(int nodes, int replicas, string? etcd, CancellationToken cancellationToken)
    {
        var reference = ReferenceWork.Milliseconds();
        var dataDir = Directory.CreateTempSubdirectory("kubesharp-bench-scale-").FullName;
        try
        {
            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            await using var server = await ApiServerHost.StartAsync(
                new ApiServerOptions { DataDir = dataDir, HttpsPort = 0, BindAddress = IPAddress.Loopback, DatastoreEndpoint = etcd },
                NullLoggerFactory.Instance, TimeProvider.System, cancellationToken);
            using var client = ClusterConnection.FromKubeconfigText(server.AdminKubeconfig());
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Console.Error.WriteLineAsync($"  process id {Environment.ProcessId} (for dotnet-trace / dotnet-counters)");
            var clock = Stopwatch.StartNew();
            var atStart = ProcessCost.Now();
            var components = ControlPlane.Start(client, server.Pki.ServerCaPem, new ControlPlaneOptions { SimulatedNodes = nodes }, TimeProvider.System,
                loggers, stop.Token);

            // Readiness seen through one node watch, as an observer would: listing every node each poll cost the server
            // a full serialization of the node list twice a second and inflated this phase.
            var ready = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
            var nodeWatch = new SharedInformer<V1Node>(ListWatch.For<V1Node, V1NodeList>(client, "", "v1", "nodes"), TimeProvider.System,
                NullLogger.Instance);
            void Observe(V1Node n) => ready[n.Metadata.Name] = n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
            nodeWatch.AddEventHandler(Observe, (_, n) => Observe(n), n => ready.TryRemove(n.Metadata.Name, out _));
            var watching = nodeWatch.RunAsync(stop.Token);
            var nodesReady = await WaitAsync(() => Task.FromResult(ready.Values.Count(r => r)), nodes, "nodes Ready", clock, cancellationToken);

            var nodesCost = ProcessCost.Now() - atStart;

            // What the nodes cost while nothing else happens: leases renewed every 10 s and node status every minute, as kubelets do.
            var beforeIdle = ProcessCost.Now();
            await Task.Delay(IdleWindow, cancellationToken);
            var idleCpuShare = (ProcessCost.Now() - beforeIdle).Cpu / IdleWindow;
            clock.Restart();
            var beforeDeployment = ProcessCost.Now();
            await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment(replicas), "default", cancellationToken: cancellationToken);
            var podsReady = await WaitAsync(async () =>
                (await client.AppsV1.ReadNamespacedDeploymentAsync("scale", "default", cancellationToken: cancellationToken)).Status?.ReadyReplicas ?? 0,
                replicas, "replicas Ready", clock, cancellationToken);
            var deploymentCost = ProcessCost.Now() - beforeDeployment;

            Console.WriteLine();
            Console.WriteLine($"Scale on one server ({(etcd is null ? "SQLite" : "etcd " + etcd)}), {Environment.ProcessorCount} cores, everything in one process:");
            Console.WriteLine($"  {nodes,6} simulated nodes Ready       {nodesReady.TotalSeconds,8:F1} s   (target <= 30 s)   CPU {nodesCost.Cpu.TotalSeconds,6:F1} s   {nodesCost.DescribeGc()}");
            Console.WriteLine($"  {nodes,6} idle nodes (heartbeats)     {idleCpuShare,8:F2} CPU-seconds per second");
            Console.WriteLine($"  {replicas,6}-replica Deployment Ready  {podsReady.TotalSeconds,8:F1} s   (target <= 30 s)   CPU {deploymentCost.Cpu.TotalSeconds,6:F1} s   {deploymentCost.DescribeGc()}");
            Console.WriteLine($"  peak memory (VmHWM)            {PeakMegabytes(),8:F0} MiB");
            Console.WriteLine($"  machine speed: reference JSON work {reference,6:F0} ms before the run (lower is faster; compare runs by it)");
            await stop.CancelAsync();
            await Task.WhenAll([.. components, watching]);
            return 0;
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<TimeSpan> WaitAsync(Func<Task<int>> count, int goal, string what, Stopwatch clock, CancellationToken cancellationToken)
    {
        var last = -1;
        while (true)
        {
            var now = await count();
            if (now != last)
            {
                await Console.Error.WriteLineAsync($"  {clock.Elapsed.TotalSeconds,6:F1} s: {now}/{goal} {what}");
                last = now;
            }

            if (now >= goal)
            {
                return clock.Elapsed;
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    private static V1Deployment Deployment(int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = "scale" },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "scale" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "scale" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
            },
        },
    };

    /// <summary>The process's peak resident memory, from /proc/self/status.</summary>
    private static double PeakMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}
