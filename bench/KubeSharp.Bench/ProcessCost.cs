using System.Diagnostics;
using System.Globalization;

namespace KubeSharp.Bench;

/// <summary>What the process has spent so far: CPU time (which unlike wall time does not grow when other work shares the
/// machine), collections per generation, GC pause time and bytes allocated. Two snapshots give a phase's cost.</summary>
internal readonly record struct ProcessCost(TimeSpan Cpu, int Gen0, int Gen1, int Gen2, TimeSpan Paused, long Allocated)
{
    public static ProcessCost Now()
    {
        using var self = Process.GetCurrentProcess();
        return new ProcessCost(self.TotalProcessorTime, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
            GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
    }

    public static ProcessCost operator -(ProcessCost end, ProcessCost start) => new(end.Cpu - start.Cpu, end.Gen0 - start.Gen0,
        end.Gen1 - start.Gen1, end.Gen2 - start.Gen2, end.Paused - start.Paused, end.Allocated - start.Allocated);

    /// <summary>The garbage collector's part, e.g. "GC 41/12/2 (gen0/1/2), paused 1.9 s, allocated 14.2 GiB".</summary>
    public string DescribeGc() => string.Create(CultureInfo.InvariantCulture,
        $"GC {Gen0}/{Gen1}/{Gen2} (gen0/1/2), paused {Paused.TotalSeconds:F1} s, allocated {Allocated / (1024.0 * 1024 * 1024):F1} GiB");
}
