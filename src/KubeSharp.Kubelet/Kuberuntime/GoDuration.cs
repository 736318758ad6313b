using System.Globalization;
using System.Text;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>Durations written as Go's time.Duration.String does ("10s", "1m20s", "5m0s"), for messages worded as upstream's.</summary>
internal static class GoDuration
{
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        if (duration < TimeSpan.FromSeconds(1))
        {
            return duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
        }

        var text = new StringBuilder();
        var hours = (long)duration.TotalHours;
        if (hours > 0)
        {
            text.Append(hours).Append('h');
        }

        if (hours > 0 || duration.Minutes > 0)
        {
            text.Append(duration.Minutes).Append('m');
        }

        var seconds = duration.Seconds + (duration.Ticks % TimeSpan.TicksPerSecond / (double)TimeSpan.TicksPerSecond);
        text.Append(seconds.ToString("0.#########", CultureInfo.InvariantCulture)).Append('s');
        return text.ToString();
    }
}
