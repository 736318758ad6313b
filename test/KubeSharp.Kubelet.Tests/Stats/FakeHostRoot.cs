namespace KubeSharp.Kubelet.Tests.Stats;

/// <summary>A temporary directory standing in for "/": proc/stat, proc/meminfo and optionally a cgroup v1 memory root.</summary>
internal sealed class FakeHostRoot : IDisposable
{
    public FakeHostRoot()
    {
        Directory.CreateDirectory(Path.Combine(Root, "proc"));
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("ks-stats-").FullName;

    /// <summary>Writes /proc/stat with <paramref name="busyTicks"/> split over user and system, plus idle and iowait that must not count.</summary>
    public void Cpu(ulong busyTicks) => File.WriteAllText(
        Path.Combine(Root, "proc", "stat"),
        $"cpu  {busyTicks - 100} 0 100 999999 5000 0 0 0 0 0\ncpu0 1 0 1 1 1 0 0 0 0 0\nintr 1 2 3\nbtime 1735689600\nprocesses 42\n");

    public void MemInfo(ulong totalKb, ulong freeKb, ulong inactiveFileKb) => File.WriteAllText(
        Path.Combine(Root, "proc", "meminfo"),
        $"MemTotal:       {totalKb} kB\nMemFree:        {freeKb} kB\nMemAvailable:   {freeKb} kB\nInactive(file): {inactiveFileKb} kB\n");

    public void CgroupMemory(ulong usage, ulong inactiveFile, ulong rss)
    {
        var dir = Path.Combine(Root, "sys", "fs", "cgroup", "memory");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "memory.usage_in_bytes"), $"{usage}\n");
        File.WriteAllText(Path.Combine(dir, "memory.stat"), $"cache 1\nrss 2\ntotal_rss {rss}\ntotal_pgfault 7\ntotal_pgmajfault 3\ntotal_inactive_file {inactiveFile}\n");
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
