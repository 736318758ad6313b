using System.Globalization;
using System.Text.RegularExpressions;

namespace KubeSharp.Api.Serialization;

/// <summary>
/// go-yaml v2's implicit typing of plain scalars, which sigs.k8s.io/yaml (kubectl, the API server) inherits:
/// YAML 1.1 booleans (yes/no/on/off/y/n in their three casings), null/~/empty, Go-style ints (0x, 0o, 0b, leading-0
/// octal, underscores), ints too big for int64 as uint64 and then float. Timestamps stay strings when decoding.
/// </summary>
internal static partial class YamlScalarResolver
{
    private static readonly Dictionary<string, (YamlScalarKind Kind, object? Value)> Words = Build();

    public static (YamlScalarKind Kind, object? Value) Resolve(string text)
    {
        if (Words.TryGetValue(text, out var known))
        {
            return known;
        }

        var first = text[0];
        if (first == '.')
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f)
                ? (YamlScalarKind.Float, f)
                : (YamlScalarKind.String, text);
        }

        if (first is not ('+' or '-' or (>= '0' and <= '9')))
        {
            return (YamlScalarKind.String, text);
        }

        var plain = text.Replace("_", "", StringComparison.Ordinal);
        if (TryParseGoInt(plain, out var negative, out var magnitude))
        {
            if (!negative && magnitude <= long.MaxValue)
            {
                return (YamlScalarKind.Int, (long)magnitude);
            }

            if (negative && magnitude <= (ulong)long.MaxValue + 1)
            {
                return (YamlScalarKind.Int, magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude);
            }

            if (!negative)
            {
                return (YamlScalarKind.UInt, magnitude);
            }
        }

        if (YamlFloatRegex().IsMatch(plain)
            && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return (YamlScalarKind.Float, d);
        }

        return (YamlScalarKind.String, text);
    }

    /// <summary>
    /// Whether a string written plain would read back as a string; go-yaml double-quotes it otherwise (and
    /// also quotes timestamps and base-60 numbers such as <c>1:20</c>).
    /// </summary>
    public static bool ReadsBackAsString(string text) =>
        text.Length > 0
        && Resolve(text).Kind == YamlScalarKind.String
        && !TimestampRegex().IsMatch(text)
        && !Base60Regex().IsMatch(text);

    /// <summary>strconv.ParseInt/ParseUint with base 0: sign, then 0x/0o/0b prefixes or a leading 0 for octal.</summary>
    private static bool TryParseGoInt(string s, out bool negative, out ulong magnitude)
    {
        negative = false;
        magnitude = 0;
        var i = 0;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            i = 1;
        }

        var body = s[i..];
        var radix = 10;
        if (body.Length > 1 && body[0] == '0')
        {
            (radix, body) = char.ToLowerInvariant(body[1]) switch
            {
                'x' => (16, body[2..]),
                'o' => (8, body[2..]),
                'b' => (2, body[2..]),
                _ => (8, body[1..]),
            };
        }

        if (body.Length == 0)
        {
            return false;
        }

        foreach (var c in body)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix)
            {
                return false;
            }

            var next = unchecked((magnitude * (ulong)radix) + (ulong)digit);
            if (magnitude > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
            {
                return false;
            }

            magnitude = next;
        }

        return true;
    }

    private static Dictionary<string, (YamlScalarKind, object?)> Build()
    {
        var map = new Dictionary<string, (YamlScalarKind, object?)>(StringComparer.Ordinal);
        foreach (var w in new[] { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" })
        {
            map[w] = (YamlScalarKind.Bool, true);
        }

        foreach (var w in new[] { "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF" })
        {
            map[w] = (YamlScalarKind.Bool, false);
        }

        foreach (var w in new[] { "", "~", "null", "Null", "NULL" })
        {
            map[w] = (YamlScalarKind.Null, null);
        }

        foreach (var w in new[] { ".nan", ".NaN", ".NAN" })
        {
            map[w] = (YamlScalarKind.Float, double.NaN);
        }

        foreach (var w in new[] { ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" })
        {
            map[w] = (YamlScalarKind.Float, double.PositiveInfinity);
        }

        foreach (var w in new[] { "-.inf", "-.Inf", "-.INF" })
        {
            map[w] = (YamlScalarKind.Float, double.NegativeInfinity);
        }

        return map;
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex YamlFloatRegex();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[+-][0-9]{1,2}(:[0-9]{2})?)?)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampRegex();

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Base60Regex();
}
