using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Printers;

/// <summary>Label maps and label selectors printed as upstream's labels.FormatLabels and metav1.FormatLabelSelector.</summary>
internal static class LabelFormat
{
    /// <summary>"a=b,c=d" sorted by key; "&lt;none&gt;" when empty.</summary>
    public static string Labels(JsonNode? labels)
    {
        if (labels is not JsonObject map || map.Count == 0)
        {
            return "<none>";
        }

        return string.Join(",", map.Select(kv => kv.Key + "=" + JsonFields.Str(kv.Value))
            .Order(StringComparer.Ordinal));
    }

    /// <summary>The selector as labels.Selector.String() writes it ("" for an empty or missing selector).</summary>
    public static string SelectorString(JsonNode? selector)
    {
        var requirements = new List<(string Key, string Text)>();
        if (JsonFields.At(selector, "matchLabels") is JsonObject matchLabels)
        {
            foreach (var (key, value) in matchLabels)
            {
                requirements.Add((key, key + "=" + JsonFields.Str(value)));
            }
        }

        foreach (var expression in JsonFields.Objects(selector, "matchExpressions"))
        {
            var key = JsonFields.Str(expression, "key");
            var values = string.Join(",", JsonFields.Strings(expression, "values").Order(StringComparer.Ordinal));
            var text = JsonFields.Str(expression, "operator") switch
            {
                "In" => key + " in (" + values + ")",
                "NotIn" => key + " notin (" + values + ")",
                "Exists" => key,
                "DoesNotExist" => "!" + key,
                _ => "<error>",
            };
            requirements.Add((key, text));
        }

        return string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }

    /// <summary>metav1.FormatLabelSelector: the selector string, "&lt;none&gt;" when it selects by nothing.</summary>
    public static string Selector(JsonNode? selector) => SelectorString(selector) is { Length: > 0 } s ? s : "<none>";
}
