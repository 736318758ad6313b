using System.Globalization;
using System.Text;

namespace KubeSharp.Api.Serialization;

/// <summary>Numbers as Go's encoding/json writes a float64, so converted YAML reads as upstream's JSON would.</summary>
internal static class GoNumberText
{
    public static string Float(double value)
    {
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = r.StartsWith('-');
        if (negative)
        {
            r = r[1..];
        }

        // Reduce to significant digits and the decimal exponent of the first one: value = d.ddd × 10^exp.
        string digits;
        int exp;
        var e = r.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            digits = r[..e].Replace(".", "", StringComparison.Ordinal);
            exp = int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else
        {
            var dot = r.IndexOf('.', StringComparison.Ordinal);
            var intPart = dot >= 0 ? r[..dot] : r;
            var frac = dot >= 0 ? r[(dot + 1)..] : "";
            if (intPart.TrimStart('0').Length > 0)
            {
                intPart = intPart.TrimStart('0');
                digits = intPart + frac;
                exp = intPart.Length - 1;
            }
            else
            {
                var zeros = frac.Length - frac.TrimStart('0').Length;
                digits = frac[zeros..];
                exp = -(zeros + 1);
            }
        }

        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            return negative ? "-0" : "0";
        }

        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }

        var abs = Math.Abs(value);
        if (abs < 1e-6 || abs >= 1e21)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            sb.Append('e').Append(exp < 0 ? '-' : '+');
            var magnitude = Math.Abs(exp);
            if (exp > 0 && magnitude < 10)
            {
                sb.Append('0');
            }

            return sb.Append(magnitude.ToString(CultureInfo.InvariantCulture)).ToString();
        }

        if (exp >= digits.Length - 1)
        {
            sb.Append(digits).Append('0', exp - (digits.Length - 1));
        }
        else if (exp >= 0)
        {
            sb.Append(digits, 0, exp + 1).Append('.').Append(digits, exp + 1, digits.Length - exp - 1);
        }
        else
        {
            sb.Append("0.").Append('0', -exp - 1).Append(digits);
        }

        return sb.ToString();
    }
}
