using System.Globalization;

namespace KubeSharp.Kubelet.Simulation;

/// <summary>Kubernetes' two time formats: metav1.Time (whole seconds) and metav1.MicroTime (microseconds).</summary>
internal static class KubeTime
{
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string MicroTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
