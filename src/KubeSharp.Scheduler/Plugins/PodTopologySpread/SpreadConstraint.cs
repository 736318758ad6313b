using k8s.Models;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.PodTopologySpread;

/// <summary>A processed topologySpreadConstraint; matchLabelKeys are folded into the selector.</summary>
internal sealed class SpreadConstraint
{
    public SpreadConstraint(V1Pod pod, V1TopologySpreadConstraint c)
    {
        MaxSkew = c.MaxSkew;
        TopologyKey = c.TopologyKey;
        MinDomains = c.MinDomains ?? 1;
        HonorNodeAffinity = c.NodeAffinityPolicy is null or "Honor";
        HonorNodeTaints = c.NodeTaintsPolicy == "Honor";
        var selector = c.LabelSelector;
        if (selector is not null && c.MatchLabelKeys is { Count: > 0 } keys && pod.Metadata?.Labels is { } podLabels)
        {
            var expressions = new List<V1LabelSelectorRequirement>(selector.MatchExpressions ?? []);
            foreach (var key in keys)
            {
                if (podLabels.TryGetValue(key, out var value))
                {
                    expressions.Add(new V1LabelSelectorRequirement { Key = key, OperatorProperty = "In", Values = [value] });
                }
            }
            selector = new V1LabelSelector { MatchLabels = selector.MatchLabels, MatchExpressions = expressions };
        }
        Selector = LabelSelectorMatcher.Compile(selector);
    }

    public int MaxSkew { get; }

    public string TopologyKey { get; }

    public int MinDomains { get; }

    public bool HonorNodeAffinity { get; }

    public bool HonorNodeTaints { get; }

    public LabelSelectorMatcher Selector { get; }

    /// <summary>Pods on the node in the pod's namespace, not terminating, matching the selector.</summary>
    public int CountMatching(NodeInfo node, string ns)
    {
        var n = 0;
        foreach (var p in node.Pods)
        {
            if (p.Pod.Metadata?.DeletionTimestamp is null && (p.Pod.Namespace() ?? "default") == ns && Selector.Matches(p.Pod.Metadata?.Labels))
            {
                n++;
            }
        }
        return n;
    }
}
