using k8s.Models;

namespace KubeSharp.Scheduler.Framework;

/// <summary>A compiled metav1.LabelSelector. A null selector matches nothing; an empty one matches everything.</summary>
internal sealed class LabelSelectorMatcher
{
    private readonly KeyValuePair<string, string>[] _matchLabels;
    private readonly (string Key, string Operator, HashSet<string> Values)[] _expressions;
    private readonly bool _matchesNothing;

    private LabelSelectorMatcher(V1LabelSelector? selector)
    {
        _matchesNothing = selector is null;
        _matchLabels = selector?.MatchLabels?.ToArray() ?? [];
        _expressions = selector?.MatchExpressions?
            .Select(e => (e.Key, e.OperatorProperty, new HashSet<string>(e.Values ?? [], StringComparer.Ordinal)))
            .ToArray() ?? [];
    }

    public static LabelSelectorMatcher Nothing { get; } = new(null);

    public static LabelSelectorMatcher Compile(V1LabelSelector? selector) => new(selector);

    /// <summary>A selector equal to a plain label set (nodeSelector, matchLabels).</summary>
    public static LabelSelectorMatcher FromSet(IDictionary<string, string> labels) =>
        new(new V1LabelSelector { MatchLabels = labels });

    public bool Matches(IDictionary<string, string>? labels)
    {
        if (_matchesNothing)
        {
            return false;
        }
        foreach (var (key, value) in _matchLabels)
        {
            if (labels is null || !labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }
        foreach (var (key, op, values) in _expressions)
        {
            string? actual = null;
            var has = labels is not null && labels.TryGetValue(key, out actual);
            var ok = op switch
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
}
