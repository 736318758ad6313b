using System.Globalization;
using k8s.Models;
using KubeSharp.Client;

namespace KubeSharp.Controllers.EndpointSlice;

/// <summary>
/// Remembers the slices this controller wrote until the informer has seen them (upstream tracks generations; resourceVersions
/// serve here because KubeSharp's are increasing revision numbers). Syncing a Service against a stale cache would create
/// duplicate slices, so such a sync is retried instead.
/// </summary>
internal sealed class EndpointSliceTracker
{
    private const long Deleted = -1;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, long>> _byService = new(StringComparer.Ordinal);

    public void Written(string serviceKey, V1EndpointSlice slice) =>
        Set(serviceKey, slice.Metadata.Uid, long.TryParse(slice.Metadata.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : 0);

    public void Removed(string serviceKey, V1EndpointSlice slice) => Set(serviceKey, slice.Metadata.Uid, Deleted);

    public void Forget(string serviceKey)
    {
        lock (_lock)
        {
            _byService.Remove(serviceKey);
        }
    }

    /// <summary>True while the informer has not yet caught up with a write of ours for this Service.</summary>
    public bool IsStale(string serviceKey, Indexer<V1EndpointSlice> slices)
    {
        lock (_lock)
        {
            if (!_byService.TryGetValue(serviceKey, out var expected))
            {
                return false;
            }

            var (ns, _) = Keys.Split(serviceKey);
            var seen = slices.ByIndex(Indexes.Namespace, ns).ToDictionary(s => s.Metadata.Uid ?? "", StringComparer.Ordinal);
            foreach (var (uid, rv) in expected.ToList())
            {
                var caughtUp = rv == Deleted
                    ? !seen.ContainsKey(uid)
                    : seen.TryGetValue(uid, out var slice)
                        && (!long.TryParse(slice.Metadata.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var have) || have >= rv);
                if (caughtUp)
                {
                    expected.Remove(uid);
                }
            }

            if (expected.Count == 0)
            {
                _byService.Remove(serviceKey);
                return false;
            }

            return true;
        }
    }

    private void Set(string serviceKey, string? uid, long rv)
    {
        if (string.IsNullOrEmpty(uid))
        {
            return;
        }

        lock (_lock)
        {
            if (!_byService.TryGetValue(serviceKey, out var expected))
            {
                expected = new Dictionary<string, long>(StringComparer.Ordinal);
                _byService[serviceKey] = expected;
            }

            expected[uid] = rv;
        }
    }
}
