using k8s.Models;

namespace KubeSharp.Controllers.Common;

/// <summary>Label selector matching with metav1.LabelSelectorAsSelector semantics.</summary>
internal static class LabelSelectors
{
    /// <summary>A null selector selects nothing; an empty one selects everything.</summary>
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        if (selector.MatchLabels is not null)
        {
            foreach (var (key, value) in selector.MatchLabels)
            {
                if (!labels.TryGetValue(key, out var actual) || actual != value)
                {
                    return false;
                }
            }
        }

        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            var has = labels.TryGetValue(requirement.Key, out var actual);
            var values = requirement.Values ?? [];
            var ok = requirement.OperatorProperty switch
            {
                "In" => has && values.Contains(actual!),
                "NotIn" => !has || !values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the selector has neither labels nor expressions (it selects everything).</summary>
    public static bool IsEmpty(V1LabelSelector? selector)
        => selector is not null && (selector.MatchLabels is null || selector.MatchLabels.Count == 0)
            && (selector.MatchExpressions is null || selector.MatchExpressions.Count == 0);

    /// <summary>A plain equality map such as a nodeSelector: every pair must be present.</summary>
    public static bool MatchesMap(IDictionary<string, string>? selector, IDictionary<string, string>? labels)
        => selector is null || selector.All(p => labels is not null && labels.TryGetValue(p.Key, out var v) && v == p.Value);
}
