using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Printers;

/// <summary>
/// The subset of kubectl JSONPath that CRD printer columns use: <c>.a.b</c>, <c>['a.b']</c>, <c>[0]</c>, <c>[*]</c> and
/// filters <c>[?(@.type=="Ready")]</c> (== and !=, comparing strings, numbers or booleans). Braces around the path are optional.
/// </summary>
internal sealed class SimpleJsonPath
{
    private readonly List<Step> _steps;

    private SimpleJsonPath(List<Step> steps) => _steps = steps;

    public string Text { get; private init; } = "";

    public static SimpleJsonPath Parse(string path)
    {
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1].Trim();
        }

        var steps = new List<Step>();
        var i = 0;
        if (text.StartsWith('$'))
        {
            i = 1;
        }

        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                i++;
                var start = i;
                while (i < text.Length && text[i] != '.' && text[i] != '[')
                {
                    i++;
                }

                if (i > start)
                {
                    steps.Add(new Step(StepKind.Field, text[start..i]));
                }
            }
            else if (text[i] == '[')
            {
                var end = FindClose(text, i);
                steps.Add(Bracket(text[(i + 1)..end].Trim(), path));
                i = end + 1;
            }
            else
            {
                throw new FormatException($"unrecognized character in JSONPath {path} at {i}");
            }
        }

        return new SimpleJsonPath(steps) { Text = path };
    }

    /// <summary>All values the path selects, in document order.</summary>
    public IReadOnlyList<JsonNode?> Evaluate(JsonNode? root)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (var step in _steps)
        {
            current = current.SelectMany(node => Apply(step, node)).ToList();
        }

        return current.ToList();
    }

    private static IEnumerable<JsonNode?> Apply(Step step, JsonNode? node)
    {
        switch (step.Kind)
        {
            case StepKind.Field when node is JsonObject o && o.TryGetPropertyValue(step.Value, out var child):
                yield return child;
                break;
            case StepKind.Index when node is JsonArray a:
                var index = int.Parse(step.Value, CultureInfo.InvariantCulture);
                if (index < 0)
                {
                    index += a.Count;
                }

                if (index >= 0 && index < a.Count)
                {
                    yield return a[index];
                }

                break;
            case StepKind.Wildcard when node is JsonArray a:
                foreach (var item in a)
                {
                    yield return item;
                }

                break;
            case StepKind.Wildcard when node is JsonObject o:
                foreach (var (_, value) in o)
                {
                    yield return value;
                }

                break;
            case StepKind.Filter when node is JsonArray a:
                foreach (var item in a.Where(item => Matches(step, item)))
                {
                    yield return item;
                }

                break;
        }
    }

    private static bool Matches(Step filter, JsonNode? item)
    {
        var left = Parse(filter.Value).Evaluate(item).FirstOrDefault();
        if (filter.Operator is null)
        {
            return left is not null;
        }

        var equal = left is JsonValue && JsonNode.DeepEquals(left, filter.Operand);
        return filter.Operator == "==" ? equal : !equal;
    }

    private static Step Bracket(string inner, string path)
    {
        if (inner == "*")
        {
            return new Step(StepKind.Wildcard, "");
        }

        if (inner.Length >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[^1] == inner[0])
        {
            return new Step(StepKind.Field, inner[1..^1]);
        }

        if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
        {
            var expression = inner[2..^1].Trim();
            foreach (var op in new[] { "==", "!=" })
            {
                var at = expression.IndexOf(op, StringComparison.Ordinal);
                if (at > 0)
                {
                    var operand = expression[(at + 2)..].Trim();
                    return new Step(StepKind.Filter, FilterPath(expression[..at].Trim(), path), op, Literal(operand));
                }
            }

            return new Step(StepKind.Filter, FilterPath(expression, path));
        }

        if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return new Step(StepKind.Index, inner);
        }

        throw new FormatException($"unsupported JSONPath expression [{inner}] in {path}");
    }

    private static string FilterPath(string left, string path) =>
        left.StartsWith('@') ? left[1..] : throw new FormatException($"filter must start with @ in JSONPath {path}");

    private static JsonNode? Literal(string text)
    {
        if (text.Length >= 2 && (text[0] == '\'' || text[0] == '"') && text[^1] == text[0])
        {
            return JsonValue.Create(text[1..^1]);
        }

        return JsonNode.Parse(text);
    }

    private static int FindClose(string text, int open)
    {
        var depth = 0;
        char? quote = null;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']' && --depth == 0)
            {
                return i;
            }
        }

        throw new FormatException($"unclosed [ in JSONPath {text}");
    }

    /// <summary>A value as Go's fmt %v prints the decoded JSON, which is how kubectl's JSONPath prints non-strings.</summary>
    public static string GoText(JsonNode? node) => node switch
    {
        null => "<nil>",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValueKind() == JsonValueKind.True ? "true" : "false",
        JsonValue v => v.ToJsonString(),
        JsonArray a => "[" + string.Join(" ", a.Select(GoText)) + "]",
        JsonObject o => new StringBuilder("map[")
            .AppendJoin(' ', o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + ":" + GoText(kv.Value))).Append(']').ToString(),
        _ => node.ToJsonString(),
    };

    private enum StepKind
    {
        Field,
        Index,
        Wildcard,
        Filter,
    }

    private sealed record Step(StepKind Kind, string Value, string? Operator = null, JsonNode? Operand = null);
}
