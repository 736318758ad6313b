namespace KubeSharp.Scheduler.Framework;

/// <summary>Everything that explains a failed cycle.</summary>
internal sealed class Diagnosis
{
    public NodeToStatus NodeToStatus { get; set; } = new();

    public HashSet<string> UnschedulablePlugins { get; } = new(StringComparer.Ordinal);

    public string? PreFilterMsg { get; set; }

    public string? PostFilterMsg { get; set; }
}
