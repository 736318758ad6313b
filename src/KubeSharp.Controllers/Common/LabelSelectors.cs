using k8s.Models;

namespace KubeSharp.Controllers.Common;

/// <summary>
/// Label selector matching with metav1.LabelSelectorAsSelector semantics. Controllers match every pod of a namespace on
/// every sync, so matching allocates nothing (no boxed enumerators, closures or empty lists).
/// </summary>
internal static class LabelSelectors
{
    private static readonly Dictionary<string, string> NoLabels = [];

    /// <summary>A null selector selects nothing; an empty one selects everything.</summary>
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }

        labels ??= NoLabels;
        if (!MatchesMap(selector.MatchLabels, labels))
        {
            return false;
        }

        if (selector.MatchExpressions is not { } requirements)
        {
            return true;
        }

        for (var i = 0; i < requirements.Count; i++)
        {
            var requirement = requirements[i];
            var has = labels.TryGetValue(requirement.Key, out var actual);
            var ok = requirement.OperatorProperty switch
            {
                "In" => has && requirement.Values is { } values && values.Contains(actual!),
                "NotIn" => !has || requirement.Values is not { } values || !values.Contains(actual!),
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
    {
        if (selector is null || selector.Count == 0)
        {
            return true;
        }

        if (labels is null)
        {
            return false;
        }

        // The models' maps are Dictionary instances: their struct enumerator, taken through a generic, spares a boxed one per call.
        return selector is Dictionary<string, string> map ? AllPresent(map.GetEnumerator(), labels) : AllPresent(selector.GetEnumerator(), labels);
    }

    private static bool AllPresent<TPairs>(TPairs pairs, IDictionary<string, string> labels)
        where TPairs : IEnumerator<KeyValuePair<string, string>>
    {
        using (pairs)
        {
            while (pairs.MoveNext())
            {
                var (key, value) = pairs.Current;
                if (!labels.TryGetValue(key, out var actual) || actual != value)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
