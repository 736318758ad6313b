using KubeSharp.Scheduler.Cache;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// A scheduler profile: the ordered plugins of each extension point and the score weights, plus the runner that
/// calls them (upstream's frameworkImpl).
/// </summary>
internal sealed class Profile : IFrameworkHandle
{
    private readonly List<IPreFilterPlugin> _preFilter = [];
    private readonly List<IFilterPlugin> _filter = [];
    private readonly List<IPostFilterPlugin> _postFilter = [];
    private readonly List<IPreScorePlugin> _preScore = [];
    private readonly List<(IScorePlugin Plugin, int Weight)> _score = [];
    private readonly List<(string Name, IPreFilterExtensions Extensions)> _extensions = [];

    public Profile(string schedulerName, INominator nominator)
    {
        SchedulerName = schedulerName;
        Nominator = nominator;
    }

    public string SchedulerName { get; }

    public INominator Nominator { get; }

    public Snapshot Snapshot { get; set; } = new();

    public IReadOnlyList<IFilterPlugin> FilterPlugins => _filter;

    public IReadOnlyList<(IScorePlugin Plugin, int Weight)> ScorePlugins => _score;

    public bool HasPostFilterPlugins => _postFilter.Count > 0;

    /// <summary>Registers a plugin at every extension point it implements; <paramref name="weight"/> applies to Score.</summary>
    public Profile Add(IPlugin plugin, int weight = 1)
    {
        if (plugin is IPreFilterPlugin pre)
        {
            _preFilter.Add(pre);
        }
        if (plugin is IPreFilterExtensions ext)
        {
            _extensions.Add((plugin.Name, ext));
        }
        if (plugin is IFilterPlugin filter)
        {
            _filter.Add(filter);
        }
        if (plugin is IPostFilterPlugin post)
        {
            _postFilter.Add(post);
        }
        if (plugin is IPreScorePlugin preScore)
        {
            _preScore.Add(preScore);
        }
        if (plugin is IScorePlugin score)
        {
            _score.Add((score, weight));
        }
        return this;
    }

    public Status? RunPreFilterPlugins(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        foreach (var plugin in _preFilter)
        {
            var status = plugin.PreFilter(state, pod, nodes);
            if (status is null)
            {
                continue;
            }
            if (status.Code == StatusCode.Skip)
            {
                state.SkipFilterPlugins.Add(plugin.Name);
                continue;
            }
            return status.WithPlugin(plugin.Name);
        }
        return null;
    }

    public Status? RunFilterPlugins(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        // The plugins PreFilter did not skip, resolved once per cycle since this runs for every node.
        var active = state.ActiveFilterPlugins;
        if (active is null)
        {
            var skip = state.SkipFilterPlugins;
            state.ActiveFilterPlugins = active = _filter.Where(p => !skip.Contains(p.Name)).ToArray();
        }
        foreach (var plugin in active)
        {
            var status = plugin.Filter(state, pod, nodeInfo);
            if (status is not null)
            {
                return status.WithPlugin(plugin.Name);
            }
        }
        return null;
    }

    /// <summary>
    /// Filters with the higher-or-equal priority pods nominated to the node counted as if running there, then, if that
    /// passed, without them too, since affinity might only hold thanks to them (upstream's two-pass check).
    /// </summary>
    public Status? RunFilterPluginsWithNominatedPods(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var nominated = Nominator.NominatedPodsForNode(nodeInfo.Name);
        if (nominated.Count == 0)
        {
            return RunFilterPlugins(state, pod, nodeInfo);
        }
        CycleState? stateCopy = null;
        NodeInfo? infoCopy = null;
        foreach (var p in nominated)
        {
            if (p.Priority < pod.Priority || p.Key == pod.Key)
            {
                continue;
            }
            stateCopy ??= state.Clone();
            infoCopy ??= nodeInfo.Clone();
            infoCopy.AddPod(p);
            var s = RunPreFilterExtensionAddPod(stateCopy, pod, p, infoCopy);
            if (s is not null)
            {
                return s;
            }
        }
        if (infoCopy is null)
        {
            return RunFilterPlugins(state, pod, nodeInfo);
        }
        var status = RunFilterPlugins(stateCopy!, pod, infoCopy);
        return status is not null ? status : RunFilterPlugins(state, pod, nodeInfo);
    }

    public Status? RunPreFilterExtensionAddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo)
    {
        foreach (var (name, ext) in _extensions)
        {
            if (state.SkipFilterPlugins.Contains(name))
            {
                continue;
            }
            var status = ext.AddPod(state, podToSchedule, podToAdd, nodeInfo);
            if (status is not null)
            {
                return status.WithPlugin(name);
            }
        }
        return null;
    }

    public Status? RunPreFilterExtensionRemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo)
    {
        foreach (var (name, ext) in _extensions)
        {
            if (state.SkipFilterPlugins.Contains(name))
            {
                continue;
            }
            var status = ext.RemovePod(state, podToSchedule, podToRemove, nodeInfo);
            if (status is not null)
            {
                return status.WithPlugin(name);
            }
        }
        return null;
    }

    public (PostFilterResult? Result, Status? Status) RunPostFilterPlugins(CycleState state, PodInfo pod, NodeToStatus statuses)
    {
        Status? last = null;
        PostFilterResult? lastResult = null;
        var messages = new List<string>();
        foreach (var plugin in _postFilter)
        {
            var (result, status) = plugin.PostFilter(state, pod, statuses);
            if (status is null || status.Code == StatusCode.Success)
            {
                return (result, null);
            }
            if (status.Code != StatusCode.Unschedulable)
            {
                return (result, status.WithPlugin(plugin.Name));
            }
            messages.Add(status.Message);
            last = status;
            lastResult = result ?? lastResult;
        }
        return (lastResult, last is null ? null : new Status(StatusCode.Unschedulable, [.. messages]).WithPlugin(last.Plugin ?? string.Empty));
    }

    public Status? RunPreScorePlugins(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        foreach (var plugin in _preScore)
        {
            var status = plugin.PreScore(state, pod, nodes);
            if (status is null)
            {
                continue;
            }
            if (status.Code == StatusCode.Skip)
            {
                state.SkipScorePlugins.Add(plugin.Name);
                continue;
            }
            return status.WithPlugin(plugin.Name);
        }
        return null;
    }

    /// <summary>Sums the weighted, normalized scores of every score plugin, per node.</summary>
    public long[] RunScorePlugins(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var totals = new long[nodes.Count];
        var scores = new long[nodes.Count];
        foreach (var (plugin, weight) in _score)
        {
            if (state.SkipScorePlugins.Contains(plugin.Name))
            {
                continue;
            }
            for (var i = 0; i < nodes.Count; i++)
            {
                scores[i] = plugin.Score(state, pod, nodes[i]);
            }
            plugin.NormalizeScore(state, pod, nodes, scores);
            for (var i = 0; i < nodes.Count; i++)
            {
                totals[i] += scores[i] * weight;
            }
        }
        return totals;
    }
}
