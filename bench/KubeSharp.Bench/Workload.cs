using System.Diagnostics;

namespace KubeSharp.Bench;

/// <summary>The measured operations, the same for every target, so that store and API figures compare like with like.</summary>
internal static class Workload
{
    public const int Concurrency = 64;
    public const int Objects = 10_000;
    public const int PageSize = 500;
    public const int Watchers = 100;
    public const int WatchedWrites = 2_000;
    public const int PacedRate = 1_000;
    public static readonly TimeSpan PacedDuration = TimeSpan.FromSeconds(10);

    /// <summary>How long watchers may lag behind the last write before the run gives up on them.</summary>
    public static readonly TimeSpan WatchPatience = TimeSpan.FromSeconds(60);

    /// <summary>The object sets the workload uses (namespaces in the API).</summary>
    public static readonly string[] Sets = ["warmup", "objects", "watched", "paced"];

    /// <summary>The size of the payload every object carries, about that of a pod.</summary>
    public const int PayloadBytes = 1_500;

    public static async Task<BenchFigures> RunAsync(string name, IBenchTarget target, CancellationToken cancellationToken)
    {
        var progress = new Progress(name);
        progress.Step("warm-up");
        // Warm up (JIT, connection pools, caches) outside the measured figures.
        await Measurements.ThroughputAsync(2_000, Concurrency, i => target.CreateAsync("warmup", i, cancellationToken));
        await Measurements.ThroughputAsync(2_000, Concurrency, i => target.GetAsync("warmup", i, cancellationToken));
        await Measurements.ThroughputAsync(2_000, Concurrency, i => target.UpdateAsync("warmup", i, cancellationToken));
        await target.ListAsync("warmup", PageSize, cancellationToken);

        progress.Step("creates");
        var creates = await Measurements.ThroughputAsync(Objects, Concurrency, i => target.CreateAsync("objects", i, cancellationToken));
        progress.Step("gets");
        var gets = await Measurements.ThroughputAsync(Objects * 2, Concurrency, i => target.GetAsync("objects", i % Objects, cancellationToken));
        progress.Step("updates");
        var updates = await Measurements.ThroughputAsync(Objects, Concurrency, i => target.UpdateAsync("objects", i, cancellationToken));
        progress.Step("list");
        var listMs = await Measurements.DurationAsync(() => ListAllAsync(target, 0, cancellationToken));
        var pagedMs = await Measurements.DurationAsync(() => ListAllAsync(target, PageSize, cancellationToken));
        progress.Step("watch fan-out");
        var (eventsPerSecond, allSeenMs) = await WatchFanOutAsync(target, progress, cancellationToken);
        progress.Step("paced writes");
        var latency = await Measurements.LatencyAtRateAsync(PacedRate, PacedDuration, i => target.CreateAsync("paced", i, cancellationToken));
        progress.Step("done");
        return new BenchFigures(creates, gets, updates, listMs, pagedMs, eventsPerSecond, allSeenMs, latency);
    }

    private static async Task ListAllAsync(IBenchTarget target, int pageSize, CancellationToken cancellationToken)
    {
        var count = await target.ListAsync("objects", pageSize, cancellationToken);
        if (count != Objects)
        {
            throw new InvalidOperationException($"the list returned {count} objects, not {Objects}");
        }
    }

    /// <summary>Events delivered per second to all watchers together, and the time until the last watcher saw the last write.</summary>
    private static async Task<(double EventsPerSecond, double AllSeenMs)> WatchFanOutAsync(IBenchTarget target, Progress progress,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var seen = new int[Watchers];
        var watchers = await Task.WhenAll(Enumerable.Range(0, Watchers).Select(w =>
            target.WatchAsync("watched", WatchedWrites, () => Interlocked.Increment(ref seen[w]), stop.Token)));
        var stopwatch = Stopwatch.StartNew();
        await Measurements.ThroughputAsync(WatchedWrites, Concurrency, i => target.CreateAsync("watched", i, cancellationToken));
        progress.Step("watchers catching up");
        var all = Task.WhenAll(watchers);
        if (await Task.WhenAny(all, Task.Delay(WatchPatience, cancellationToken)) != all)
        {
            throw new InvalidOperationException($"after {WatchPatience.TotalSeconds:F0} s the watchers had seen between {seen.Min()} and {seen.Max()} "
                + $"of the {WatchedWrites} writes");
        }

        await all;
        var elapsed = stopwatch.Elapsed;
        await stop.CancelAsync();
        return (seen.Sum() / elapsed.TotalSeconds, elapsed.TotalMilliseconds);
    }
}
