using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>Linux cgroup settings from a container's requests and limits, as upstream's kuberuntime computes them.</summary>
internal static class ContainerResourceSettings
{
    public const long CpuPeriod = 100_000;
    private const long MinShares = 2;
    private const long MaxShares = 262_144;
    private const long SharesPerCpu = 1024;
    private const long MinQuota = 1000;

    /// <summary>cpu.shares for a CPU request in millicores (upstream's milliCPUToShares).</summary>
    public static long MilliCpuToShares(long milliCpu)
    {
        if (milliCpu == 0)
        {
            return MinShares;
        }

        var shares = milliCpu * SharesPerCpu / 1000;
        return Math.Clamp(shares, MinShares, MaxShares);
    }

    /// <summary>The CFS quota for a CPU limit in millicores over <paramref name="period"/> (0 = unlimited).</summary>
    public static long MilliCpuToQuota(long milliCpu, long period)
    {
        if (milliCpu == 0)
        {
            return 0;
        }

        return Math.Max(milliCpu * period / 1000, MinQuota);
    }

    public static LinuxContainerResources For(V1Container container)
    {
        var requests = container.Resources?.Requests;
        var limits = container.Resources?.Limits;
        var cpuRequest = MilliCpu(requests, "cpu");
        var cpuLimit = MilliCpu(limits, "cpu");
        var resources = new LinuxContainerResources
        {
            // An unset request defaults to the limit (as API defaulting does for pods created without one).
            CpuShares = MilliCpuToShares(cpuRequest == 0 && cpuLimit != 0 ? cpuLimit : cpuRequest),
        };
        if (cpuLimit != 0)
        {
            resources.CpuPeriod = CpuPeriod;
            resources.CpuQuota = MilliCpuToQuota(cpuLimit, CpuPeriod);
        }

        if (limits is not null && limits.TryGetValue("memory", out var memory))
        {
            resources.MemoryLimitInBytes = (long)memory.ToDecimal();
        }

        return resources;
    }

    private static long MilliCpu(IDictionary<string, ResourceQuantity>? quantities, string name) =>
        quantities is not null && quantities.TryGetValue(name, out var q) ? (long)Math.Ceiling(q.ToDecimal() * 1000) : 0;
}
