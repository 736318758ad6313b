using System.Text;
using KubeSharp.Api.Errors;

namespace KubeSharp.Api.Selectors;

/// <summary>
/// A field selector (<c>fieldSelector</c> query parameter) with upstream's fields.ParseSelector semantics:
/// comma-separated <c>field=value</c>, <c>field==value</c> or <c>field!=value</c> terms, values escaped with a
/// backslash before <c>\</c>, <c>,</c> and <c>=</c>. Which fields a resource supports is checked by the caller.
/// </summary>
public sealed class FieldSelector
{
    private FieldSelector(IReadOnlyList<FieldRequirement> requirements) => Requirements = requirements;

    public static FieldSelector Everything { get; } = new([]);

    /// <summary>The terms, sorted as upstream sorts the raw terms; all must hold.</summary>
    public IReadOnlyList<FieldRequirement> Requirements { get; }

    public bool IsEverything => Requirements.Count == 0;

    /// <exception cref="ApiException">400 BadRequest worded as upstream.</exception>
    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Everything;
        }

        var terms = SplitTerms(text);
        terms.Sort(StringComparer.Ordinal);
        var requirements = new List<FieldRequirement>();
        foreach (var term in terms)
        {
            if (term.Length == 0)
            {
                continue;
            }

            if (!SplitTerm(term, out var field, out var op, out var rawValue))
            {
                throw ApiException.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            }

            requirements.Add(new FieldRequirement(field, op, UnescapeValue(rawValue)));
        }

        return requirements.Count == 0 ? Everything : new FieldSelector(requirements);
    }

    public bool Matches(Func<string, string?> fieldValue)
    {
        foreach (var requirement in Requirements)
        {
            if (!requirement.Matches(fieldValue))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value required for <paramref name="field"/> when a term pins it with =.</summary>
    public bool RequiresExactMatch(string field, out string value)
    {
        foreach (var r in Requirements)
        {
            if (r.Field == field && r.Operator == FieldSelectorOperator.Equals)
            {
                value = r.Value;
                return true;
            }
        }

        value = "";
        return false;
    }

    /// <summary>Upstream's String(): terms joined by commas, values escaped.</summary>
    public override string ToString() => string.Join(",", Requirements.Select(r => r.ToString()));

    /// <summary>Escapes <c>\</c>, <c>,</c> and <c>=</c> so a value can be written into a selector.</summary>
    public static string EscapeValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("=", "\\=", StringComparison.Ordinal);

    /// <summary>Splits on commas not preceded by a backslash; the escapes stay in the terms.</summary>
    private static List<string> SplitTerms(string text)
    {
        var terms = new List<string>();
        var start = 0;
        var escaped = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (escaped)
            {
                escaped = false;
            }
            else if (c == '\\')
            {
                escaped = true;
            }
            else if (c == ',')
            {
                terms.Add(text[start..i]);
                start = i + 1;
            }
        }

        terms.Add(text[start..]);
        return terms;
    }

    /// <summary>The field name has no escaping: the first operator found splits the term (!= before == before =).</summary>
    private static bool SplitTerm(string term, out string field, out FieldSelectorOperator op, out string value)
    {
        for (var i = 0; i < term.Length; i++)
        {
            var rest = term.AsSpan(i);
            var length = rest.StartsWith("!=") ? 2 : rest.StartsWith("==") ? 2 : rest.StartsWith("=") ? 1 : 0;
            if (length > 0)
            {
                field = term[..i];
                op = rest[0] == '!' ? FieldSelectorOperator.NotEquals : FieldSelectorOperator.Equals;
                value = term[(i + length)..];
                return true;
            }
        }

        field = value = "";
        op = FieldSelectorOperator.Equals;
        return false;
    }

    private static string UnescapeValue(string raw)
    {
        if (raw.AsSpan().IndexOfAny("\\,=") < 0)
        {
            return raw;
        }

        var sb = new StringBuilder(raw.Length);
        var escaped = false;
        foreach (var c in raw)
        {
            if (escaped)
            {
                if (c is not ('\\' or ',' or '='))
                {
                    throw ApiException.BadRequest($"invalid field selector: invalid escape sequence: \\{c}");
                }

                sb.Append(c);
                escaped = false;
                continue;
            }

            switch (c)
            {
                case '\\':
                    escaped = true;
                    break;
                case ',' or '=':
                    throw ApiException.BadRequest($"invalid field selector: unescaped character in value: {c}");
                default:
                    sb.Append(c);
                    break;
            }
        }

        if (escaped)
        {
            throw ApiException.BadRequest("invalid field selector: invalid escape sequence: \\");
        }

        return sb.ToString();
    }
}
