using System.Globalization;

namespace KubeSharp.ApiServer.Metrics;

/// <summary>
/// Quantities as metrics-server writes them: cpu is a nanocore count (decimal SI at scale -9) and memory a byte count
/// (binary SI), both in resource.Quantity's canonical form, e.g. "123456789n", "3m", "12345Ki", "1234567".
/// </summary>
internal static class MetricsQuantity
{
    private static readonly string[] DecimalSuffixes = ["n", "u", "m", "", "k", "M", "G", "T", "P", "E"];
    private static readonly string[] BinarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    public static string Cpu(ulong nanoCores) => Decimal(nanoCores, 0);

    public static string Memory(ulong bytes)
    {
        // Below 1024 Quantity's canonical form switches to decimal SI; above, a count that is no whole KiB stays plain.
        if (bytes < 1024)
        {
            return Decimal(bytes, 3);
        }

        var exponent = 0;
        while (bytes % 1024 == 0 && exponent < BinarySuffixes.Length - 1)
        {
            bytes /= 1024;
            exponent++;
        }

        return bytes.ToString(CultureInfo.InvariantCulture) + BinarySuffixes[exponent];
    }

    /// <summary>Metav1.Duration as Go's time.Duration prints it: "10s", "10.5s", "1m0.25s".</summary>
    public static string Duration(TimeSpan window)
    {
        var minutes = (long)window.TotalMinutes;
        var seconds = window - TimeSpan.FromMinutes(minutes);
        var text = seconds.TotalSeconds.ToString("0.#########", CultureInfo.InvariantCulture) + "s";
        return minutes > 0 ? minutes.ToString(CultureInfo.InvariantCulture) + "m" + text : text;
    }

    /// <summary>A value at the scale 10^(3*(suffixIndex-3)) with trailing thousands folded into the suffix.</summary>
    private static string Decimal(ulong value, int suffixIndex)
    {
        if (value == 0)
        {
            return "0";
        }

        while (value % 1000 == 0 && suffixIndex < DecimalSuffixes.Length - 1)
        {
            value /= 1000;
            suffixIndex++;
        }

        return value.ToString(CultureInfo.InvariantCulture) + DecimalSuffixes[suffixIndex];
    }
}
