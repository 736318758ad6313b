using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using k8s;
using k8s.Models;
using KubeSharp.ApiServer;
using KubeSharp.Client;
using KubeSharp.Server;
using KubeSharp.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Bench;

/// <summary>
/// Issue #4's figures, in the shape of upstream's node-throughput test: a server (controllers, scheduler) in this process
/// and a real node agent as a separate `kubesharp agent` process with containerd; N pods (busybox, image present) created
/// at R pods/s, each timed from its create request to the watch event that shows it Running and Ready. Also the agent
/// process's RSS idle and with 50 pods. Prints figures; asserts nothing.
/// </summary>
internal static class PodStartupBenchmark
{
    private const string Namespace = "default";
    private const string NodeName = "bench-node";

    public static async Task<int> RunAsync(int pods, double rate, CancellationToken cancellationToken)
    {
        var dataDir = Directory.CreateTempSubdirectory("kubesharp-bench-pods-").FullName;
        var agentDir = Path.Combine(dataDir, "agent-node");
        Process? agent = null;
        try
        {
            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            await using var server = await ApiServerHost.StartAsync(
                new ApiServerOptions { DataDir = dataDir, HttpsPort = FreePort.Next(), BindAddress = IPAddress.Loopback },
                NullLoggerFactory.Instance, TimeProvider.System, cancellationToken);
            using var client = ClusterConnection.FromKubeconfigText(server.AdminKubeconfig());
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var controlPlane = new ControlPlaneOptions { Controllers = new() { ClusterCidr = "10.99.0.0/16" } };
            var components = ControlPlane.Start(client, server.Pki.ServerCaPem, controlPlane, TimeProvider.System, loggers, stop.Token);

            agent = StartAgent(server.Url, server.JoinToken, agentDir);
            var clock = Stopwatch.StartNew();
            await WaitAsync(async () => (await client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken)).Items
                .Any(n => n.Metadata.Name == NodeName && n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true), cancellationToken);
            var nodeReady = clock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            var idleRss = RssMegabytes(agent.Id);

            var created = new ConcurrentDictionary<string, long>();
            var ready = new ConcurrentDictionary<string, double>();
            double rssAt50 = 0;
            using var watch = new CancellationTokenSource();
            var watcher = WatchReadyAsync(client, created, ready, () => rssAt50 = ready.Count >= 50 && rssAt50 == 0 ? RssMegabytes(agent.Id) : rssAt50, watch.Token);
            var interval = TimeSpan.FromSeconds(1 / rate);
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < pods; i++)
            {
                var due = start + (long)(i * interval.TotalSeconds * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                var name = "startup-" + i.ToString(CultureInfo.InvariantCulture);
                created[name] = Stopwatch.GetTimestamp();
                await client.CoreV1.CreateNamespacedPodAsync(Pod(name), Namespace, cancellationToken: cancellationToken);
            }

            await WaitAsync(() => Task.FromResult(ready.Count >= pods), cancellationToken);
            var withAll = RssMegabytes(agent.Id);
            await watch.CancelAsync();
            await watcher;

            var latencies = ready.Values.Order().ToArray();
            Console.WriteLine();
            Console.WriteLine($"Pod startup on a real node (containerd {Environment.ProcessorCount} cores; agent in its own process), image present:");
            Console.WriteLine($"  node Ready after agent start        {nodeReady.TotalSeconds,8:F1} s");
            Console.WriteLine($"  {pods} pods at {rate:0.#}/s: create -> Running and Ready (watch)");
            Console.WriteLine($"    p50                              {Percentile(latencies, 0.50),8:F0} ms");
            Console.WriteLine($"    p99                              {Percentile(latencies, 0.99),8:F0} ms   (target <= 1000 ms; upstream SLO 5 s)");
            Console.WriteLine($"    max                              {latencies[^1],8:F0} ms");
            Console.WriteLine($"  agent RSS idle                      {idleRss,8:F0} MiB");
            Console.WriteLine($"  agent RSS with 50 pods              {rssAt50,8:F0} MiB");
            Console.WriteLine($"  agent RSS with {pods} pods             {withAll,8:F0} MiB");

            await client.CoreV1.DeleteCollectionNamespacedPodAsync(Namespace, gracePeriodSeconds: 0, cancellationToken: cancellationToken);
            await WaitAsync(async () => (await client.CoreV1.ListNamespacedPodAsync(Namespace, cancellationToken: cancellationToken)).Items.Count == 0,
                cancellationToken);
            await stop.CancelAsync();
            await Task.WhenAll(components);
            return 0;
        }
        finally
        {
            if (agent is not null)
            {
                if (!agent.HasExited)
                {
                    agent.Kill(entireProcessTree: true);
                    await agent.WaitForExitAsync(CancellationToken.None);
                }

                agent.Dispose();
                using var killall = Process.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "kubesharp.dll"), "killall", "--data-dir", agentDir]);
                await killall.WaitForExitAsync(CancellationToken.None);
            }

            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static Process StartAgent(string serverUrl, string token, string agentDir)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "kubesharp.dll"), "agent", "--server", serverUrl, "--token", token, "--data-dir", agentDir,
                     "--node-name", NodeName, "--node-ip", "127.0.0.1", "--kubelet-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
                 })
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.Contains("fail", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine("agent: " + line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Records each pod's create→Ready time from a watch on the namespace's pods.</summary>
    private static async Task WatchReadyAsync(IKubernetes client, ConcurrentDictionary<string, long> created, ConcurrentDictionary<string, double> ready,
        Action onReady, CancellationToken cancellationToken)
    {
        try
        {
            var list = await client.CoreV1.ListNamespacedPodAsync(Namespace, cancellationToken: cancellationToken);
            var events = client.CoreV1.WatchListNamespacedPodAsync(Namespace, resourceVersion: list.Metadata.ResourceVersion,
                cancellationToken: cancellationToken);
            await foreach (var (_, pod) in events.ConfigureAwait(false))
            {
                var now = Stopwatch.GetTimestamp();
                if (pod.Status?.Phase == "Running" && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true
                    && created.TryGetValue(pod.Metadata.Name, out var at) && ready.TryAdd(pod.Metadata.Name, Stopwatch.GetElapsedTime(at, now).TotalMilliseconds))
                {
                    onReady();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> done, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the cluster did not get there within 5 minutes");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static double RssMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["bench"] = "startup" } },
        Spec = new V1PodSpec
        {
            TerminationGracePeriodSeconds = 0,
            Containers = [new V1Container { Name = "c", Image = "busybox:1.35", Command = ["sleep", "3600"] }],
        },
    };
}
