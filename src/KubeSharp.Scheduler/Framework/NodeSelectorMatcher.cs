using System.Globalization;
using k8s.Models;

namespace KubeSharp.Scheduler.Framework;

/// <summary>A compiled v1.NodeSelector: the terms are ORed, the requirements in a term ANDed.</summary>
internal sealed class NodeSelectorMatcher
{
    private readonly Term[] _terms;

    public NodeSelectorMatcher(IEnumerable<V1NodeSelectorTerm> terms)
    {
        _terms = terms.Select(t => new Term(t)).ToArray();
    }

    public bool Matches(V1Node node)
    {
        foreach (var term in _terms)
        {
            if (term.Matches(node))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>One term; a term with no requirements matches no node, as upstream.</summary>
    internal sealed class Term
    {
        private readonly V1NodeSelectorRequirement[] _labels;
        private readonly V1NodeSelectorRequirement[] _fields;

        public Term(V1NodeSelectorTerm term)
        {
            _labels = term.MatchExpressions?.ToArray() ?? [];
            _fields = term.MatchFields?.ToArray() ?? [];
        }

        public bool Matches(V1Node node)
        {
            if (_labels.Length == 0 && _fields.Length == 0)
            {
                return false;
            }
            foreach (var r in _labels)
            {
                if (!Evaluate(r, node.Metadata?.Labels))
                {
                    return false;
                }
            }
            foreach (var r in _fields)
            {
                if (r.Key != "metadata.name")
                {
                    return false;
                }
                var fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["metadata.name"] = node.Name() };
                if (!Evaluate(r, fields))
                {
                    return false;
                }
            }
            return true;
        }

        private static bool Evaluate(V1NodeSelectorRequirement r, IDictionary<string, string>? labels)
        {
            string? actual = null;
            var has = labels is not null && labels.TryGetValue(r.Key, out actual);
            var values = r.Values ?? [];
            switch (r.OperatorProperty)
            {
                case "In":
                    return has && values.Contains(actual!);
                case "NotIn":
                    return !has || !values.Contains(actual!);
                case "Exists":
                    return has;
                case "DoesNotExist":
                    return !has;
                case "Gt":
                case "Lt":
                    if (!has || values.Count != 1
                        || !long.TryParse(actual, NumberStyles.Integer, CultureInfo.InvariantCulture, out var a)
                        || !long.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var b))
                    {
                        return false;
                    }
                    return r.OperatorProperty == "Gt" ? a > b : a < b;
                default:
                    return false;
            }
        }
    }
}
