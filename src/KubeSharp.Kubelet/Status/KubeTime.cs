using System.Globalization;

namespace KubeSharp.Kubelet.Status;

/// <summary>Kubernetes' two time formats: metav1.Time (whole seconds) and metav1.MicroTime (microseconds).</summary>
internal static class KubeTime
{
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The time as a metav1.Time holds it: UTC, whole seconds.</summary>
    public static DateTime Seconds(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    public static string MicroTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
