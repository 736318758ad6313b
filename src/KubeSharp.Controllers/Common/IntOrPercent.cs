using System.Globalization;
using k8s.Models;

namespace KubeSharp.Controllers.Common;

/// <summary>Resolves an IntOrString that is either a count or a percentage of a total (intstr.GetScaledValueFromIntOrPercent).</summary>
internal static class IntOrPercent
{
    public static int Scaled(IntOrString? value, int total, bool roundUp, int defaultValue = 0)
    {
        var text = value?.Value;
        if (string.IsNullOrEmpty(text))
        {
            return defaultValue;
        }

        if (text.EndsWith('%'))
        {
            var percent = int.Parse(text.AsSpan(0, text.Length - 1), NumberStyles.Integer, CultureInfo.InvariantCulture);
            var scaled = (double)percent * total / 100;
            return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
        }

        return int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
    }
}
