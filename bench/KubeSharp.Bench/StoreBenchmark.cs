using System.Diagnostics;
using System.Text;
using KubeSharp.Storage;

namespace KubeSharp.Bench;

/// <summary>Measures the raw store (SQLite or etcd) and prints the figures.</summary>
internal static class StoreBenchmark
{
    private const int Concurrency = 64;
    private const int Objects = 10_000;
    private const int Watchers = 100;
    private const int WatchedWrites = 2_000;

    public static async Task<int> RunAsync(string? etcdEndpoint, CancellationToken cancellationToken)
    {
        var dataDir = Directory.CreateTempSubdirectory("kubesharp-bench-").FullName;
        try
        {
            var options = new StoreOptions { EtcdKeyPrefix = $"/bench-{Guid.NewGuid():N}" };
            await using var store = await StoreFactory.CreateAsync(etcdEndpoint, dataDir, options, null, cancellationToken);
            Console.WriteLine($"store: {(etcdEndpoint is null ? "sqlite " + StoreFactory.SqlitePath(dataDir) : "etcd " + etcdEndpoint)}, {Environment.ProcessorCount} cores");

            // A pod-sized JSON value (~1.5 KB).
            var value = Encoding.UTF8.GetBytes("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\"},\"spec\":\"" + new string('x', 1500) + "\"}");
            var keys = Enumerable.Range(0, Objects).Select(i => $"/registry/pods/bench/pod-{i:D6}").ToArray();

            // Warm up (JIT, connection pools, SQLite page cache) outside the measured figures.
            await Measurements.ThroughputAsync(2_000, Concurrency, i => store.CreateAsync($"/registry/warmup/w-{i:D6}", value, cancellationToken));

            var creates = await Measurements.ThroughputAsync(Objects, Concurrency, i => store.CreateAsync(keys[i], value, cancellationToken));
            Print("creates/s", creates, $"{Objects} creates, {Concurrency} in flight");

            var gets = await Measurements.ThroughputAsync(Objects * 2, Concurrency, i => store.GetAsync(keys[i % Objects], cancellationToken));
            Print("gets/s", gets, $"{Concurrency} in flight");

            var revisions = new long[Objects];
            for (var i = 0; i < Objects; i++)
            {
                revisions[i] = (await store.GetAsync(keys[i], cancellationToken))!.ModRevision;
            }

            var updates = await Measurements.ThroughputAsync(Objects, Concurrency, async i =>
                revisions[i] = (await store.UpdateAsync(keys[i], value, revisions[i], cancellationToken)).ModRevision);
            Print("updates/s", updates, $"compare-and-swap, {Concurrency} in flight");

            StoreListResult? list = null;
            var listMs = await Measurements.DurationAsync(async () => list = await store.ListAsync("/registry/pods/bench/", new StoreListOptions(), cancellationToken));
            Print("list ms", listMs, $"{list!.Items.Count} objects in one list");
            var pageMs = await Measurements.DurationAsync(() => store.ListAsync("/registry/pods/bench/", new StoreListOptions(Limit: 500), cancellationToken));
            Print("list page ms", pageMs, "first page of 500 with remaining count");

            var fanOut = await WatchFanOutAsync(store, value, cancellationToken);
            Print("watch events/s", fanOut, $"{Watchers} watchers x {WatchedWrites} writes delivered");

            var latency = await Measurements.LatencyAtRateAsync(1_000, TimeSpan.FromSeconds(5), i =>
                store.CreateAsync($"/registry/configmaps/bench/cm-{i:D6}", value, cancellationToken));
            Print("write p50 ms", latency.P50, $"creates at a fixed 1,000/s for 5 s (achieved {latency.AchievedRate:F0}/s)");
            Print("write p99 ms", latency.P99, $"max {latency.Max:F1} ms");
            return 0;
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<double> WatchFanOutAsync(IStore store, byte[] value, CancellationToken cancellationToken)
    {
        var from = await store.GetCurrentRevisionAsync(cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ready = new CountdownEvent(Watchers);
        var watchers = Enumerable.Range(0, Watchers).Select(_ => Task.Run(async () =>
        {
            var seen = 0;
            await using var watch = store.WatchAsync("/registry/events/", from, stop.Token).GetAsyncEnumerator(stop.Token);
            var first = watch.MoveNextAsync();
            ready.Signal();
            if (!await first)
            {
                return seen;
            }

            do
            {
                if (watch.Current.Type != StoreWatchEventType.Bookmark && ++seen == WatchedWrites)
                {
                    return seen;
                }
            }
            while (await watch.MoveNextAsync());

            return seen;
        })).ToArray();
        ready.Wait(cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        await Measurements.ThroughputAsync(WatchedWrites, Concurrency, i => store.CreateAsync($"/registry/events/bench/e-{i:D6}", value, cancellationToken));
        var counts = await Task.WhenAll(watchers);
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        return counts.Sum() / elapsed;
    }

    private static void Print(string name, double figure, string detail) => Console.WriteLine($"  {name,-16} {figure,12:F1}   {detail}");
}
