using System.Collections.Concurrent;

namespace KubeSharp.Client;

/// <summary>
/// Upstream's EventSourceObjectSpamFilter: each (source, object) pair has a token bucket of 25 events that refills one token
/// every 5 minutes, so a controller creating 10,000 pods for one ReplicaSet records 25 events about it, not 10,000.
/// </summary>
internal sealed class EventSpamFilter(TimeProvider time)
{
    private const double Burst = 25;
    private static readonly TimeSpan Refill = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new();

    /// <summary>Whether an event about the object identified by <paramref name="key"/> may be recorded now.</summary>
    public bool Allow(string key)
    {
        var now = time.GetUtcNow();
        var bucket = _buckets.GetOrAdd(key, _ => new Bucket(Burst, now));
        lock (bucket)
        {
            bucket.Tokens = Math.Min(Burst, bucket.Tokens + ((now - bucket.Updated) / Refill));
            bucket.Updated = now;
            if (bucket.Tokens < 1)
            {
                return false;
            }

            bucket.Tokens -= 1;
            return true;
        }
    }

    private sealed class Bucket(double tokens, DateTimeOffset updated)
    {
        public double Tokens { get; set; } = tokens;

        public DateTimeOffset Updated { get; set; } = updated;
    }
}
