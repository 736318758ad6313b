namespace KubeSharp.Bench;

/// <summary>The figures of one workload run (rates per second, durations in milliseconds).</summary>
internal sealed record BenchFigures(
    double Creates,
    double Gets,
    double Updates,
    double ListMs,
    double PagedListMs,
    double WatchEventsPerSecond,
    double WatchAllSeenMs,
    LatencyFigures WriteLatency);
