using k8s.Models;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.NodeAffinity;

/// <summary>A pod's nodeSelector plus required node affinity, compiled once per cycle.</summary>
internal sealed class RequiredNodeAffinity
{
    private readonly LabelSelectorMatcher? _nodeSelector;
    private readonly NodeSelectorMatcher? _affinity;

    public RequiredNodeAffinity(V1Pod pod)
    {
        if (pod.Spec?.NodeSelector is { Count: > 0 } selector)
        {
            _nodeSelector = LabelSelectorMatcher.FromSet(selector);
        }
        if (pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms is { } terms)
        {
            _affinity = new NodeSelectorMatcher(terms);
        }
    }

    public bool IsEmpty => _nodeSelector is null && _affinity is null;

    public bool Matches(V1Node node) =>
        (_nodeSelector is null || _nodeSelector.Matches(node.Metadata?.Labels)) && (_affinity is null || _affinity.Matches(node));
}
