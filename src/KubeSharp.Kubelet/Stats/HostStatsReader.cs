using System.Globalization;

namespace KubeSharp.Kubelet.Stats;

/// <summary>
/// Reads the node's cpu and memory from a host root (normally "/"; tests give a directory with fake files):
/// proc/stat for cpu time (busy = all but idle and iowait, in USER_HZ ticks), the cgroup v1 root memory controller
/// when present (working set = usage − total_inactive_file, as cadvisor's root container) and proc/meminfo otherwise.
/// </summary>
internal sealed class HostStatsReader(string hostRoot)
{
    /// <summary>USER_HZ: 100 on every Linux architecture Kubernetes supports.</summary>
    private const ulong NanoSecondsPerTick = 10_000_000;

    public HostSample Read()
    {
        var (cpu, bootTime) = ReadProcStat();
        var meminfo = ReadKeyValues(Path.Combine(hostRoot, "proc", "meminfo"), kilobytes: true);
        var capacity = meminfo.GetValueOrDefault("MemTotal:");
        var cgroup = Path.Combine(hostRoot, "sys", "fs", "cgroup", "memory");
        var usageFile = Path.Combine(cgroup, "memory.usage_in_bytes");
        if (File.Exists(usageFile) && ulong.TryParse(File.ReadAllText(usageFile).Trim(), CultureInfo.InvariantCulture, out var usage))
        {
            var stat = ReadKeyValues(Path.Combine(cgroup, "memory.stat"), kilobytes: false);
            var inactive = stat.GetValueOrDefault("total_inactive_file");
            return new HostSample(
                cpu, bootTime, capacity, usage, usage > inactive ? usage - inactive : 0,
                stat.TryGetValue("total_rss", out var rss) ? rss : null,
                stat.TryGetValue("total_pgfault", out var faults) ? faults : null,
                stat.TryGetValue("total_pgmajfault", out var major) ? major : null);
        }

        var used = capacity - Math.Min(capacity, meminfo.GetValueOrDefault("MemFree:"));
        var inactiveFile = meminfo.GetValueOrDefault("Inactive(file):");
        return new HostSample(cpu, bootTime, capacity, used, used > inactiveFile ? used - inactiveFile : 0, null, null, null);
    }

    private (ulong CoreNanoSeconds, DateTimeOffset? BootTime) ReadProcStat()
    {
        ulong busy = 0;
        DateTimeOffset? bootTime = null;
        foreach (var line in File.ReadLines(Path.Combine(hostRoot, "proc", "stat")))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 4 && fields[0] == "cpu")
            {
                for (var i = 1; i < fields.Length && i <= 8; i++)
                {
                    // Fields 4 and 5 are idle and iowait; guest time (9, 10) is already counted in user time.
                    if (i is not 4 and not 5 && ulong.TryParse(fields[i], CultureInfo.InvariantCulture, out var ticks))
                    {
                        busy += ticks;
                    }
                }
            }
            else if (fields.Length == 2 && fields[0] == "btime" && long.TryParse(fields[1], CultureInfo.InvariantCulture, out var seconds))
            {
                bootTime = DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
        }

        return (busy * NanoSecondsPerTick, bootTime);
    }

    /// <summary>"key value [kB]" lines (proc/meminfo, memory.stat) as numbers; kB values in bytes when asked; empty if the file is missing.</summary>
    internal static Dictionary<string, ulong> ReadKeyValues(string path, bool kilobytes)
    {
        var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return values;
        }

        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && ulong.TryParse(fields[1], CultureInfo.InvariantCulture, out var value))
            {
                values[fields[0]] = kilobytes && fields.Length > 2 && fields[2] == "kB" ? value * 1024 : value;
            }
        }

        return values;
    }
}
