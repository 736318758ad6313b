using System.Diagnostics;

namespace KubeSharp.Bench;

/// <summary>
/// Reusable timing helpers over plain <c>Func&lt;..., Task&gt;</c> operations, so the same measurements can drive the raw
/// store or (later) the HTTP API server.
/// </summary>
internal static class Measurements
{
    /// <summary>Runs <paramref name="count"/> operations (given their index) with at most <paramref name="concurrency"/> in flight; returns operations per second.</summary>
    public static async Task<double> ThroughputAsync(int count, int concurrency, Func<int, Task> operation)
    {
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await operation(i);
            }
        })));
        return count / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>How long one operation takes, in milliseconds.</summary>
    public static async Task<double> DurationAsync(Func<Task> operation)
    {
        var stopwatch = Stopwatch.StartNew();
        await operation();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// Starts operations at a fixed rate for a while and returns the latencies (ms), each measured from the time the
    /// operation was due, so that a stalled system is not flattered (no coordinated omission).
    /// </summary>
    public static async Task<LatencyFigures> LatencyAtRateAsync(int perSecond, TimeSpan duration, Func<int, Task> operation)
    {
        var total = (int)(perSecond * duration.TotalSeconds);
        var latencies = new double[total];
        var running = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        var started = 0;
        while (started < total)
        {
            var elapsed = Stopwatch.GetElapsedTime(start);
            var due = Math.Min(total, (int)(elapsed.TotalSeconds * perSecond) + 1);
            for (; started < due; started++)
            {
                var i = started;
                var dueAt = start + (long)(i * (double)Stopwatch.Frequency / perSecond);
                running.Add(Task.Run(async () =>
                {
                    await operation(i);
                    latencies[i] = Stopwatch.GetElapsedTime(dueAt).TotalMilliseconds;
                }));
            }

            await Task.Delay(1);
        }

        await Task.WhenAll(running);
        Array.Sort(latencies);
        return new LatencyFigures(Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies[^1], total / Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
