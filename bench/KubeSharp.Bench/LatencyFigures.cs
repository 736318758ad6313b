namespace KubeSharp.Bench;

/// <summary>Latencies in milliseconds and the rate actually achieved (operations per second).</summary>
internal sealed record LatencyFigures(double P50, double P99, double Max, double AchievedRate);
