namespace KubeSharp.Scheduler.Framework;

/// <summary>Per-cycle scratch data shared between a pod's plugin calls, as upstream's CycleState.</summary>
internal sealed class CycleState
{
    private readonly Dictionary<string, object> _data = new(StringComparer.Ordinal);

    public HashSet<string> SkipFilterPlugins { get; } = new(StringComparer.Ordinal);

    public HashSet<string> SkipScorePlugins { get; } = new(StringComparer.Ordinal);

    internal IFilterPlugin[]? ActiveFilterPlugins { get; set; }

    public void Write(string key, object value) => _data[key] = value;

    public T? Read<T>(string key)
        where T : class => _data.TryGetValue(key, out var value) ? value as T : null;

    /// <summary>Copies the state; data that is mutated by PreFilter extensions must implement <see cref="ICloneableState"/>.</summary>
    public CycleState Clone()
    {
        var copy = new CycleState();
        foreach (var (key, value) in _data)
        {
            copy._data[key] = value is ICloneableState c ? c.Clone() : value;
        }
        copy.SkipFilterPlugins.UnionWith(SkipFilterPlugins);
        copy.SkipScorePlugins.UnionWith(SkipScorePlugins);
        copy.ActiveFilterPlugins = ActiveFilterPlugins;
        return copy;
    }
}
