using KubeSharp.Bench;

// Usage: store [--etcd http://127.0.0.1:2379]. Prints figures; asserts nothing.
if (args.Length == 0 || args[0] != "store")
{
    Console.Error.WriteLine("usage: KubeSharp.Bench store [--etcd http://127.0.0.1:2379]");
    return 2;
}

var etcd = Array.IndexOf(args, "--etcd") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
return await StoreBenchmark.RunAsync(etcd, cts.Token);
