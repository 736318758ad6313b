namespace KubeSharp.Kubelet.Stats;

/// <summary>
/// Turns cumulative cpu time into a rate (nanocores) from the previous sample of the same series, as upstream's
/// cri_stats_provider does when the runtime reports only usageCoreNanoSeconds. The first sample has no rate.
/// </summary>
internal sealed class CpuUsageCache
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (long TimestampNs, ulong CoreNanoSeconds, (ulong, TimeSpan)? Rate)> previous = [];

    /// <summary>
    /// The rate since the previous sample and the window it covers; null for a first sample. A sample that is not newer
    /// than the previous one (the runtime caches its stats) gives the previous rate again.
    /// </summary>
    public (ulong NanoCores, TimeSpan Window)? Update(string key, long timestampNs, ulong coreNanoSeconds)
    {
        lock (gate)
        {
            if (!previous.TryGetValue(key, out var last) || coreNanoSeconds < last.CoreNanoSeconds)
            {
                // First sample, or the counter went back (the series restarted under the same key).
                previous[key] = (timestampNs, coreNanoSeconds, null);
                return null;
            }

            if (timestampNs <= last.TimestampNs)
            {
                return last.Rate;
            }

            var elapsed = timestampNs - last.TimestampNs;
            (ulong, TimeSpan) rate = ((ulong)((double)(coreNanoSeconds - last.CoreNanoSeconds) / elapsed * 1e9), TimeSpan.FromTicks(elapsed / 100));
            previous[key] = (timestampNs, coreNanoSeconds, rate);
            return rate;
        }
    }

    /// <summary>Forgets series not seen in the latest listing, so the cache does not grow with every container ever run.</summary>
    public void Retain(IReadOnlySet<string> keys)
    {
        lock (gate)
        {
            foreach (var key in previous.Keys.Where(k => !keys.Contains(k)).ToList())
            {
                previous.Remove(key);
            }
        }
    }
}
