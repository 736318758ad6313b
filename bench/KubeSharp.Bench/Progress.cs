using System.Diagnostics;

namespace KubeSharp.Bench;

/// <summary>Tells on stderr which step a run is at and how long the previous one took, so a slow or stuck step shows.</summary>
internal sealed class Progress(string name)
{
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
    private string? _step;

    public void Step(string step)
    {
        Console.Error.WriteLine(_step is null ? $"[{name}] {step}" : $"[{name}] {step} ({_step} took {_stopwatch.Elapsed.TotalSeconds:F1} s)");
        _step = step;
        _stopwatch.Restart();
    }
}
