using System.Globalization;
using System.Runtime.InteropServices;
using KubeSharp.Kubelet.Stats;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>
/// Reads the eviction signals from the host: memory.available from /proc/meminfo's MemAvailable (upstream derives it from
/// the root cgroup's working set; both leave out reclaimable page cache), nodefs.* from statvfs(3) of the kubelet's
/// directory, imagefs.* from statvfs of the runtime's image filesystem, pid.available as kernel.pid_max minus the tasks
/// in /proc/loadavg. A signal that cannot be read is left out (and so never reports pressure).
/// </summary>
internal static partial class NodeSignalsReader
{
    public static NodeSignals Read(string nodeFsPath, string? imageFsPath, string procRoot = "/proc")
    {
        var observed = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        if (Memory(procRoot) is { } memory)
        {
            observed["memory.available"] = memory;
        }

        AddFilesystem(observed, "nodefs", nodeFsPath);
        AddFilesystem(observed, "imagefs", imageFsPath ?? nodeFsPath);
        if (Pids(procRoot) is { } pids)
        {
            observed["pid.available"] = pids;
        }

        return new NodeSignals(observed);
    }

    internal static (long Available, long Capacity)? Memory(string procRoot)
    {
        var meminfo = HostStatsReader.ReadKeyValues(Path.Combine(procRoot, "meminfo"), kilobytes: true);
        return meminfo.TryGetValue("MemTotal:", out var total) && meminfo.TryGetValue("MemAvailable:", out var available)
            ? ((long)available, (long)total)
            : null;
    }

    internal static (long Available, long Capacity)? Pids(string procRoot)
    {
        try
        {
            var max = long.Parse(File.ReadAllText(Path.Combine(procRoot, "sys", "kernel", "pid_max")).Trim(), CultureInfo.InvariantCulture);
            // loadavg's fourth field is running/total scheduling entities.
            var tasks = File.ReadAllText(Path.Combine(procRoot, "loadavg")).Split(' ')[3].Split('/')[1];
            return (max - long.Parse(tasks, CultureInfo.InvariantCulture), max);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static void AddFilesystem(Dictionary<string, (long, long)> observed, string prefix, string path)
    {
        if (StatVfs(path, out var stat) != 0)
        {
            return;
        }

        var blockSize = (long)(stat.FragmentSize != 0 ? stat.FragmentSize : stat.BlockSize);
        observed[prefix + ".available"] = ((long)stat.BlocksAvailable * blockSize, (long)stat.Blocks * blockSize);
        if (stat.Files > 0)
        {
            observed[prefix + ".inodesFree"] = ((long)stat.FilesFree, (long)stat.Files);
        }
    }

    [DllImport("libc", EntryPoint = "statvfs", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int StatVfs(string path, out StatVfsBuffer buffer);

    /// <summary>glibc's struct statvfs on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct StatVfsBuffer
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong BlocksFree;
        public ulong BlocksAvailable;
        public ulong Files;
        public ulong FilesFree;
        public ulong FilesAvailable;
        public ulong FsId;
        public ulong Flags;
        public ulong NameMax;
        public int Spare0;
        public int Spare1;
        public int Spare2;
        public int Spare3;
        public int Spare4;
        public int Spare5;
    }
}
