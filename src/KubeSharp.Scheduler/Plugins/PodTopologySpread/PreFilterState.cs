using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.PodTopologySpread;

/// <summary>Matching pod counts per topology domain for the DoNotSchedule constraints.</summary>
internal sealed class PreFilterState : ICloneableState
{
    public required List<SpreadConstraint> Constraints { get; init; }

    public required Dictionary<(string Key, string Value), int> Counts { get; init; }

    private Dictionary<string, (int Min, int Domains)>? _minimums;

    /// <summary>The smallest count among the key's domains, and how many domains there are.</summary>
    public (int Min, int Domains) MinFor(string key)
    {
        _minimums ??= [];
        if (_minimums.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var min = int.MaxValue;
        var domains = 0;
        foreach (var ((k, _), count) in Counts)
        {
            if (k == key)
            {
                domains++;
                min = Math.Min(min, count);
            }
        }
        var result = (domains == 0 ? 0 : min, domains);
        _minimums[key] = result;
        return result;
    }

    public void Update(string key, string value, int delta)
    {
        if (Counts.TryGetValue((key, value), out var n))
        {
            Counts[(key, value)] = n + delta;
            _minimums = null;
        }
    }

    public object Clone() => new PreFilterState
    {
        Constraints = Constraints,
        Counts = new Dictionary<(string, string), int>(Counts),
    };
}
