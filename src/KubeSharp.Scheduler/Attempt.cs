using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler;

/// <summary>The result of the filter/score part of one cycle.</summary>
internal sealed class Attempt
{
    public string? NodeName { get; init; }

    public Diagnosis? Diagnosis { get; init; }

    public string? Error { get; init; }

    public int NumAllNodes { get; init; }

    public int Evaluated { get; init; }

    public int Feasible { get; init; }
}
