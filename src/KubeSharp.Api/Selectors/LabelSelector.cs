using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;

namespace KubeSharp.Api.Selectors;

/// <summary>
/// A label selector with upstream's semantics: the string form of the <c>labelSelector</c> query parameter
/// (labels.Parse) and the structured metav1.LabelSelector of workload specs (LabelSelectorAsSelector).
/// </summary>
public sealed class LabelSelector
{
    private LabelSelector(IReadOnlyList<LabelRequirement> requirements, bool nothing)
    {
        Requirements = requirements;
        IsNothing = nothing;
    }

    /// <summary>Matches every object (empty selector).</summary>
    public static LabelSelector Everything { get; } = new([], nothing: false);

    /// <summary>Matches no object (a null metav1.LabelSelector).</summary>
    public static LabelSelector Nothing { get; } = new([], nothing: true);

    /// <summary>The requirements, sorted by key; all must hold.</summary>
    public IReadOnlyList<LabelRequirement> Requirements { get; }

    public bool IsEverything => !IsNothing && Requirements.Count == 0;

    public bool IsNothing { get; }

    /// <summary>Parses the string syntax (<c>a=b,c in (x,y),!d</c>); null or empty selects everything.</summary>
    /// <exception cref="ApiException">400 BadRequest worded as upstream's parser.</exception>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Everything;
        }

        var requirements = LabelSelectorParser.Parse(text, out var error);
        if (requirements is null)
        {
            throw ApiException.BadRequest(error!);
        }

        return requirements.Count == 0 ? Everything : new LabelSelector(requirements, nothing: false);
    }

    /// <summary>A selector requiring exactly these labels (upstream's SelectorFromSet); empty selects everything.</summary>
    public static LabelSelector FromSet(IReadOnlyDictionary<string, string>? set)
    {
        if (set is null || set.Count == 0)
        {
            return Everything;
        }

        var requirements = set.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new LabelRequirement(kv.Key, LabelSelectorOperator.Equals, [kv.Value]))
            .ToList();
        return new LabelSelector(requirements, nothing: false);
    }

    /// <summary>
    /// Converts a metav1.LabelSelector (<c>matchLabels</c>, <c>matchExpressions</c>). Null selects nothing, <c>{}</c>
    /// selects everything, as upstream's LabelSelectorAsSelector.
    /// </summary>
    /// <exception cref="ApiException">400 BadRequest for an invalid key, value or operator.</exception>
    public static LabelSelector FromJson(JsonNode? selector)
    {
        if (selector is null)
        {
            return Nothing;
        }

        if (selector is not JsonObject obj)
        {
            throw ApiException.BadRequest($"label selector must be an object, got {selector.ToJsonString()}");
        }

        var requirements = new List<LabelRequirement>();
        if (obj["matchLabels"] is JsonObject matchLabels)
        {
            foreach (var (key, valueNode) in matchLabels.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                requirements.Add(Checked(key, LabelSelectorOperator.Equals, [AsString(valueNode, "matchLabels." + key)]));
            }
        }

        if (obj["matchExpressions"] is JsonArray expressions)
        {
            foreach (var expression in expressions)
            {
                if (expression is not JsonObject e)
                {
                    throw ApiException.BadRequest("label selector matchExpressions entries must be objects");
                }

                var key = e["key"] is JsonNode k ? AsString(k, "key") : "";
                var opText = e["operator"] is JsonNode o ? AsString(o, "operator") : "";
                var op = opText switch
                {
                    "In" => LabelSelectorOperator.In,
                    "NotIn" => LabelSelectorOperator.NotIn,
                    "Exists" => LabelSelectorOperator.Exists,
                    "DoesNotExist" => LabelSelectorOperator.DoesNotExist,
                    _ => throw ApiException.BadRequest($"{GoText.Quote(opText)} is not a valid label selector operator"),
                };
                List<string>? values = e["values"] is JsonArray array && array.Count > 0
                    ? [.. array.Select(v => AsString(v, "values"))]
                    : null;
                requirements.Add(Checked(key, op, values));
            }
        }

        if (requirements.Count == 0)
        {
            return Everything;
        }

        return new LabelSelector([.. requirements.OrderBy(r => r.Key, StringComparer.Ordinal)], nothing: false);
    }

    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        if (IsNothing)
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        foreach (var requirement in Requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Matches a labels map, or a whole object whose <c>metadata.labels</c> is used (told apart by
    /// <c>metadata</c> being an object, which a label value never is).
    /// </summary>
    public bool Matches(JsonObject? labels)
    {
        if (labels?["metadata"] is JsonObject metadata)
        {
            labels = metadata["labels"] as JsonObject;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (labels is not null)
        {
            foreach (var (key, value) in labels)
            {
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                {
                    map[key] = v.GetValue<string>();
                }
            }
        }

        return Matches(map);
    }

    /// <summary>The value a selector requires for <paramref name="label"/> when it pins exactly one (=, ==, in with one value).</summary>
    public bool RequiresExactMatch(string label, out string value)
    {
        foreach (var r in Requirements)
        {
            if (r.Key == label)
            {
                if (r.Operator is LabelSelectorOperator.Equals or LabelSelectorOperator.DoubleEquals or LabelSelectorOperator.In
                    && r.Values.Count == 1)
                {
                    value = r.Values[0];
                    return true;
                }

                break;
            }
        }

        value = "";
        return false;
    }

    /// <summary>Upstream's canonical String(): requirements joined by commas; "" for everything and nothing.</summary>
    public override string ToString() => string.Join(",", Requirements.Select(r => r.ToString()));

    private static LabelRequirement Checked(string key, LabelSelectorOperator op, List<string>? values)
    {
        var error = LabelRequirementValidator.Validate(key, op, values);
        if (error is not null)
        {
            throw ApiException.BadRequest(error);
        }

        return new LabelRequirement(key, op, values ?? []);
    }

    private static string AsString(JsonNode? node, string field) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw ApiException.BadRequest($"label selector {field} must be a string, got {node?.ToJsonString() ?? "null"}");
}
