using System.Globalization;
using k8s.Models;
using KubeSharp.Controllers.Common;

namespace KubeSharp.Controllers.DaemonSet;

/// <summary>nodeSelector, required node affinity and taint toleration checks (component-helpers' nodeaffinity and v1helper).</summary>
internal static class NodePlacement
{
    /// <summary>nodeSelector and requiredDuringSchedulingIgnoredDuringExecution both match the node.</summary>
    public static bool MatchesNodeSelectorAndAffinity(V1PodSpec spec, V1Node node)
    {
        if (!LabelSelectors.MatchesMap(spec.NodeSelector, node.Metadata?.Labels))
        {
            return false;
        }

        var required = spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        return required is null || MatchesNodeSelector(required, node);
    }

    /// <summary>Terms are ORed; a term's requirements are ANDed; a term without requirements matches nothing.</summary>
    public static bool MatchesNodeSelector(V1NodeSelector selector, V1Node node)
        => (selector.NodeSelectorTerms ?? []).Any(term => MatchesTerm(term, node));

    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key)
        {
            return false;
        }

        return toleration.OperatorProperty switch
        {
            null or "" or "Equal" => (toleration.Value ?? string.Empty) == (taint.Value ?? string.Empty),
            "Exists" => true,
            _ => false,
        };
    }

    public static V1Taint? FirstUntolerated(IEnumerable<V1Taint>? taints, IList<V1Toleration>? tolerations, Func<V1Taint, bool> filter)
        => (taints ?? []).Where(filter).FirstOrDefault(t => !(tolerations ?? []).Any(tol => Tolerates(tol, t)));

    private static bool MatchesTerm(V1NodeSelectorTerm term, V1Node node)
    {
        var expressions = term.MatchExpressions ?? [];
        var fields = term.MatchFields ?? [];
        if (expressions.Count == 0 && fields.Count == 0)
        {
            return false;
        }

        var labels = node.Metadata?.Labels ?? new Dictionary<string, string>();
        return expressions.All(r => Matches(r, labels.TryGetValue(r.Key, out var v) ? v : null))
            && fields.All(r => r.Key == "metadata.name" && Matches(r, node.Metadata?.Name));
    }

    private static bool Matches(V1NodeSelectorRequirement requirement, string? value)
    {
        var values = requirement.Values ?? [];
        return requirement.OperatorProperty switch
        {
            "In" => value is not null && values.Contains(value),
            "NotIn" => value is null || !values.Contains(value),
            "Exists" => value is not null,
            "DoesNotExist" => value is null,
            "Gt" => Compare(value, values) is > 0,
            "Lt" => Compare(value, values) is < 0,
            _ => false,
        };
    }

    private static int? Compare(string? value, IList<string> values)
        => values.Count == 1 && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)
            && long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound)
                ? actual.CompareTo(bound)
                : null;
}
