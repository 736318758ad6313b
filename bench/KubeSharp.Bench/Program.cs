using KubeSharp.Bench;
using KubeSharp.Testing;

// Usage: store|api [--etcd auto|http://127.0.0.1:2379] [--http1] | scheduler | scale [--nodes N] [--replicas R] | podstartup [--pods N] [--rate R].
// Prints figures; asserts nothing.
if (args.Length == 0 || args[0] is not ("store" or "api" or "scheduler" or "scale" or "podstartup"))
{
    Console.Error.WriteLine("usage: KubeSharp.Bench store|api [--etcd auto|http://127.0.0.1:2379] [--http1] | scheduler | scale [--nodes 5000] [--replicas 10000] | podstartup [--pods 100] [--rate 5]");
    Console.Error.WriteLine("  scale         one server with controllers, scheduler and simulated nodes: time to N nodes Ready, then an R-replica Deployment Ready");
    Console.Error.WriteLine("  scheduler     upstream's SchedulingBasic shape in memory: 5,000 nodes, 1,000 placed pods, 10,000 measured");
    Console.Error.WriteLine("  podstartup    a real node agent (containerd; root): N pods at R/s, create -> Running and Ready p50/p99, agent RSS");
    Console.Error.WriteLine("  --etcd auto   starts a throwaway etcd on free loopback ports and removes it afterwards");
    Console.Error.WriteLine("  --http1       api only: HTTP/1.1 with a connection pool instead of HTTP/2");
    return 2;
}

if (args[0] == "scheduler")
{
    await KubeSharp.Scheduler.Benchmarks.SchedulingBasicBenchmark.RunAsync(5000, 1000, 10000, Console.Out, CancellationToken.None);
    return 0;
}

var etcd = Array.IndexOf(args, "--etcd") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
var http1 = args.Contains("--http1");
int Flag(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };

await using var etcdProcess = etcd == "auto" ? await EtcdProcess.StartAsync(cts.Token) : null;
var endpoint = etcdProcess?.Endpoint ?? etcd;
if (args[0] == "podstartup")
{
    return await PodStartupBenchmark.RunAsync(Flag("--pods", 100), Flag("--rate", 5), cts.Token);
}

if (args[0] == "scale")
{
    return await ScaleBenchmark.RunAsync(Flag("--nodes", 5000), Flag("--replicas", 10000), endpoint, cts.Token);
}

return args[0] == "api"
    ? await ApiBenchmark.RunAsync(endpoint, http1, cts.Token)
    : await StoreBenchmark.RunAsync(endpoint, cts.Token);
