using k8s.Models;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// A processed pod (anti-)affinity term. Namespaces are the listed ones, or the owning pod's own when neither
/// namespaces nor a namespaceSelector is given; a namespaceSelector is simplified to "all namespaces" when empty
/// and otherwise ignored, since the scheduler has no namespace lister here.
/// </summary>
internal sealed class AffinityTerm
{
    public AffinityTerm(V1Pod owner, V1PodAffinityTerm term, int weight = 0)
    {
        Selector = LabelSelectorMatcher.Compile(term.LabelSelector);
        TopologyKey = term.TopologyKey ?? string.Empty;
        Weight = weight;
        if ((term.Namespaces is null || term.Namespaces.Count == 0) && term.NamespaceSelector is null)
        {
            Namespaces = new HashSet<string>(StringComparer.Ordinal) { owner.Namespace() ?? "default" };
        }
        else
        {
            Namespaces = new HashSet<string>(term.Namespaces ?? [], StringComparer.Ordinal);
            AllNamespaces = term.NamespaceSelector is { MatchLabels: null or { Count: 0 }, MatchExpressions: null or { Count: 0 } };
        }
    }

    public LabelSelectorMatcher Selector { get; }

    public string TopologyKey { get; }

    public HashSet<string> Namespaces { get; }

    public bool AllNamespaces { get; }

    public int Weight { get; }

    public bool Matches(V1Pod pod) =>
        (AllNamespaces || Namespaces.Contains(pod.Namespace() ?? "default")) && Selector.Matches(pod.Metadata?.Labels);
}
