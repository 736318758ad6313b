namespace KubeSharp.Bench;

/// <summary>
/// Prints figures as a table: one column per target measured, then (with several) how many times slower the first is
/// than the last (the API than the raw store), and the goals.
/// </summary>
internal static class Report
{
    private static readonly (string Name, Func<BenchFigures, double> Value, bool HigherIsBetter, string? Goal)[] Rows =
    [
        ("creates/s", f => f.Creates, true, ">= 5,000 (SQLite)"),
        ("gets/s", f => f.Gets, true, null),
        ("updates/s", f => f.Updates, true, null),
        ($"list {Workload.Objects / 1000}k ms", f => f.ListMs, false, null),
        ($"list by {Workload.PageSize} ms", f => f.PagedListMs, false, null),
        ("watch events/s", f => f.WatchEventsPerSecond, true, null),
        ("watch all-seen ms", f => f.WatchAllSeenMs, false, null),
        ("write p50 ms", f => f.WriteLatency.P50, false, null),
        ("write p99 ms", f => f.WriteLatency.P99, false, "<= 5 ms"),
        ("write max ms", f => f.WriteLatency.Max, false, null),
        ("paced writes/s", f => f.WriteLatency.AchievedRate, true, null),
    ];

    public static void Print(string title, IReadOnlyList<(string Column, BenchFigures Figures)> columns)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine($"  {Workload.Objects:N0} ConfigMap-sized objects (~{Workload.PayloadBytes:N0} B), {Workload.Concurrency} in flight; list: all {Workload.Objects:N0} at once, "
            + $"then in pages of {Workload.PageSize}; watch: {Workload.Watchers} watchers x {Workload.WatchedWrites:N0} creates; "
            + $"latency: creates at a fixed {Workload.PacedRate:N0}/s for {Workload.PacedDuration.TotalSeconds:F0} s, measured from the scheduled send time.");
        var compare = columns.Count > 1;
        Console.WriteLine($"  {"figure",-18}" + string.Concat(columns.Select(c => $"{c.Column,12}")) + (compare ? $"{"API cost",10}" : "") + "   goal");
        foreach (var (name, value, higherIsBetter, goal) in Rows)
        {
            var line = $"  {name,-18}" + string.Concat(columns.Select(c => $"{value(c.Figures),12:F1}"));
            if (compare)
            {
                var (api, store) = (value(columns[0].Figures), value(columns[^1].Figures));
                                line += $"{(higherIsBetter ? store / api : api / store),9:F1}x";
            }

            Console.WriteLine(goal is null ? line : $"{line}   {goal}");
        }
    }
}
