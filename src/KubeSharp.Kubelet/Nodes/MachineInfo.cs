using System.Runtime.InteropServices;
using KubeSharp.Kubelet.Stats;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>What the node's machine is (upstream's cadvisor MachineInfo and the node's system info).</summary>
internal sealed record MachineInfo(
    int CpuCount,
    long MemoryBytes,
    long EphemeralStorageBytes,
    string KernelVersion,
    string OsImage,
    string Architecture,
    string MachineId,
    string SystemUuid,
    string BootId)
{
    /// <summary>Reads this machine; <paramref name="dataDirectory"/> is on the filesystem that backs ephemeral storage.</summary>
    public static MachineInfo Read(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var machineId = FirstLine("/etc/machine-id") ?? FirstLine("/var/lib/dbus/machine-id") ?? "";
        return new MachineInfo(
            Environment.ProcessorCount,
            MemTotal(),
            new DriveInfo(Path.GetFullPath(dataDirectory)).TotalSize,
            FirstLine("/proc/sys/kernel/osrelease") ?? Environment.OSVersion.Version.ToString(),
            ReadOsImage(),
            GoArch(RuntimeInformation.OSArchitecture),
            machineId,
            FirstLine("/sys/class/dmi/id/product_uuid") ?? machineId,
            FirstLine("/proc/sys/kernel/random/boot_id") ?? "");
    }

    /// <summary>Go's GOARCH names, which node labels and nodeInfo use.</summary>
    public static string GoArch(System.Runtime.InteropServices.Architecture architecture) => architecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    /// <summary>PRETTY_NAME from an os-release file.</summary>
    public static string ParseOsImage(string osRelease)
    {
        foreach (var line in osRelease.Split('\n'))
        {
            if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
            {
                return line["PRETTY_NAME=".Length..].Trim().Trim('"');
            }
        }

        return "Linux";
    }

    /// <summary>MemTotal from /proc/meminfo, in bytes.</summary>
    private static long MemTotal() => (long)HostStatsReader.ReadKeyValues("/proc/meminfo", kilobytes: true).GetValueOrDefault("MemTotal:");

    private static string ReadOsImage() =>
        File.Exists("/etc/os-release") ? ParseOsImage(File.ReadAllText("/etc/os-release"))
        : File.Exists("/usr/lib/os-release") ? ParseOsImage(File.ReadAllText("/usr/lib/os-release"))
        : "Linux";

    private static string? FirstLine(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
