using k8s.Models;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.InterPodAffinity;

/// <summary>
/// Required pod affinity/anti-affinity (the incoming pod's and the existing pods' anti-affinity) as a filter;
/// preferred terms, and existing pods' terms toward the incoming pod, as a score.
/// </summary>
internal sealed class InterPodAffinityPlugin : IPreFilterPlugin, IPreFilterExtensions, IFilterPlugin, IPreScorePlugin, IScorePlugin
{
    public const string PluginName = "InterPodAffinity";
    public const string ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
    public const string ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
    public const string ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

    /// <summary>Upstream's default hardPodAffinityWeight.</summary>
    private const long HardPodAffinityWeight = 1;

    private const string PreFilterKey = "PreFilter" + PluginName;
    private const string PreScoreKey = "PreScore" + PluginName;

    private readonly IFrameworkHandle _handle;

    public InterPodAffinityPlugin(IFrameworkHandle handle)
    {
        _handle = handle;
    }

    public string Name => PluginName;

    public Status? PreFilter(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var snapshot = _handle.Snapshot;
        var hasOwn = pod.RequiredAffinityTerms.Length > 0 || pod.RequiredAntiAffinityTerms.Length > 0;
        if (!hasOwn && snapshot.HavePodsWithRequiredAntiAffinityList.Count == 0)
        {
            return Status.Skip;
        }
        var s = new PreFilterState();
        foreach (var node in snapshot.HavePodsWithRequiredAntiAffinityList)
        {
            foreach (var existing in node.PodsWithRequiredAntiAffinity)
            {
                UpdateExistingAntiAffinity(s, existing, pod.Pod, node.Node, 1);
            }
        }
        if (hasOwn)
        {
            foreach (var node in nodes)
            {
                foreach (var existing in node.Pods)
                {
                    UpdateIncomingCounts(s, pod, existing.Pod, node.Node, 1);
                }
            }
        }
        state.Write(PreFilterKey, s);
        return null;
    }

    public Status? AddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) =>
        Update(state, podToSchedule, podToAdd, nodeInfo, 1);

    public Status? RemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) =>
        Update(state, podToSchedule, podToRemove, nodeInfo, -1);

    public Status? Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var s = state.Read<PreFilterState>(PreFilterKey);
        var labels = nodeInfo.Node?.Metadata?.Labels;
        if (s is null)
        {
            return Status.AsError("reading PreFilterInterPodAffinity from cycleState: not found");
        }
        if (!SatisfiesAffinity(s, pod, labels))
        {
            return Status.Unresolvable(ErrReasonAffinityRulesNotMatch);
        }
        foreach (var term in pod.RequiredAntiAffinityTerms)
        {
            if (labels is not null && labels.TryGetValue(term.TopologyKey, out var value)
                && s.AntiAffinityCounts.GetValueOrDefault((term.TopologyKey, value)) > 0)
            {
                return Status.Unschedulable(ErrReasonAntiAffinityRulesNotMatch);
            }
        }
        if (s.ExistingAntiAffinityCounts.Count > 0 && labels is not null)
        {
            foreach (var ((key, value), count) in s.ExistingAntiAffinityCounts)
            {
                if (count > 0 && labels.TryGetValue(key, out var v) && v == value)
                {
                    return Status.Unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch);
                }
            }
        }
        return null;
    }

    public Status? PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        var snapshot = _handle.Snapshot;
        var hasPreferred = pod.PreferredAffinityTerms.Length > 0 || pod.PreferredAntiAffinityTerms.Length > 0;
        if (!hasPreferred && snapshot.HavePodsWithAffinityList.Count == 0)
        {
            return Status.Skip;
        }

        // Without preferred terms of its own, only pods that have affinity terms can affect the pod's score.
        var nodes = hasPreferred ? snapshot.NodeInfoList : snapshot.HavePodsWithAffinityList;
        var scores = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var labels = node.Node?.Metadata?.Labels;
            if (labels is null || labels.Count == 0)
            {
                continue;
            }
            var existingPods = hasPreferred ? node.Pods : node.PodsWithAffinity;
            foreach (var existing in existingPods)
            {
                foreach (var t in pod.PreferredAffinityTerms)
                {
                    AddScore(scores, t, t.Weight, existing.Pod, labels);
                }
                foreach (var t in pod.PreferredAntiAffinityTerms)
                {
                    AddScore(scores, t, -t.Weight, existing.Pod, labels);
                }
                foreach (var t in existing.RequiredAffinityTerms)
                {
                    AddScore(scores, t, HardPodAffinityWeight, pod.Pod, labels);
                }
                foreach (var t in existing.PreferredAffinityTerms)
                {
                    AddScore(scores, t, t.Weight, pod.Pod, labels);
                }
                foreach (var t in existing.PreferredAntiAffinityTerms)
                {
                    AddScore(scores, t, -t.Weight, pod.Pod, labels);
                }
            }
        }
        if (scores.Count == 0)
        {
            return Status.Skip;
        }
        state.Write(PreScoreKey, scores);
        return null;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var scores = state.Read<Dictionary<string, Dictionary<string, long>>>(PreScoreKey);
        var labels = nodeInfo.Node?.Metadata?.Labels;
        if (scores is null || labels is null)
        {
            return 0;
        }
        long score = 0;
        foreach (var (key, values) in scores)
        {
            if (labels.TryGetValue(key, out var value))
            {
                score += values.GetValueOrDefault(value);
            }
        }
        return score;
    }

    public void NormalizeScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        if (scores.Length == 0)
        {
            return;
        }
        var min = scores.Min();
        var max = scores.Max();
        var diff = max - min;
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = diff > 0 ? (long)(IScorePlugin.MaxNodeScore * ((double)(scores[i] - min) / diff)) : 0;
        }
    }

    private static void AddScore(
        Dictionary<string, Dictionary<string, long>> scores, AffinityTerm term, long weight, V1Pod podToCheck, IDictionary<string, string> nodeLabels)
    {
        if (weight == 0 || !nodeLabels.TryGetValue(term.TopologyKey, out var value) || !term.Matches(podToCheck))
        {
            return;
        }
        if (!scores.TryGetValue(term.TopologyKey, out var values))
        {
            scores[term.TopologyKey] = values = new Dictionary<string, long>(StringComparer.Ordinal);
        }
        values[value] = values.GetValueOrDefault(value) + weight;
    }

    private static bool SatisfiesAffinity(PreFilterState s, PodInfo pod, IDictionary<string, string>? labels)
    {
        if (pod.RequiredAffinityTerms.Length == 0)
        {
            return true;
        }
        var podsExist = true;
        foreach (var term in pod.RequiredAffinityTerms)
        {
            if (labels is null || !labels.TryGetValue(term.TopologyKey, out var value))
            {
                return false;
            }
            if (s.AffinityCounts.GetValueOrDefault((term.TopologyKey, value)) <= 0)
            {
                podsExist = false;
            }
        }
        if (podsExist)
        {
            return true;
        }

        // The first pod of a group that selects itself may go anywhere that has the topology keys.
        return s.AffinityCounts.Count == 0 && pod.RequiredAffinityTerms.All(t => t.Matches(pod.Pod));
    }

    private static void UpdateExistingAntiAffinity(PreFilterState s, PodInfo existing, V1Pod incoming, V1Node? node, long delta)
    {
        var labels = node?.Metadata?.Labels;
        if (labels is null)
        {
            return;
        }
        foreach (var term in existing.RequiredAntiAffinityTerms)
        {
            if (labels.TryGetValue(term.TopologyKey, out var value) && term.Matches(incoming))
            {
                s.ExistingAntiAffinityCounts.Update(term.TopologyKey, value, delta);
            }
        }
    }

    private static void UpdateIncomingCounts(PreFilterState s, PodInfo incoming, V1Pod existing, V1Node? node, long delta)
    {
        var labels = node?.Metadata?.Labels;
        if (labels is null)
        {
            return;
        }
        if (incoming.RequiredAffinityTerms.Length > 0 && incoming.RequiredAffinityTerms.All(t => t.Matches(existing)))
        {
            foreach (var term in incoming.RequiredAffinityTerms)
            {
                if (labels.TryGetValue(term.TopologyKey, out var value))
                {
                    s.AffinityCounts.Update(term.TopologyKey, value, delta);
                }
            }
        }
        foreach (var term in incoming.RequiredAntiAffinityTerms)
        {
            if (labels.TryGetValue(term.TopologyKey, out var value) && term.Matches(existing))
            {
                s.AntiAffinityCounts.Update(term.TopologyKey, value, delta);
            }
        }
    }

    private static Status? Update(CycleState state, PodInfo podToSchedule, PodInfo other, NodeInfo nodeInfo, long delta)
    {
        var s = state.Read<PreFilterState>(PreFilterKey);
        if (s is null)
        {
            return null;
        }
        UpdateExistingAntiAffinity(s, other, podToSchedule.Pod, nodeInfo.Node, delta);
        UpdateIncomingCounts(s, podToSchedule, other.Pod, nodeInfo.Node, delta);
        return null;
    }
}
