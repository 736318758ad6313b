using System.Globalization;
using k8s.Models;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>
/// One hard eviction threshold as the kubelet's <c>--eviction-hard</c> takes it: <c>signal&lt;quantity</c> or
/// <c>signal&lt;percent%</c>, e.g. <c>memory.available&lt;100Mi</c> or <c>nodefs.available&lt;10%</c>.
/// </summary>
internal sealed record EvictionThreshold(string Signal, long? Quantity, double? Percentage)
{
    /// <summary>Upstream's default on Linux.</summary>
    public const string Defaults = "memory.available<100Mi,nodefs.available<10%,nodefs.inodesFree<5%,imagefs.available<15%,imagefs.inodesFree<5%";

    /// <summary>Each signal's node condition and the resource its eviction message names (upstream's signal maps).</summary>
    private static readonly Dictionary<string, (string Condition, string Resource)> SignalInfo = new(StringComparer.Ordinal)
    {
        ["memory.available"] = ("MemoryPressure", "memory"),
        ["nodefs.available"] = ("DiskPressure", "ephemeral-storage"),
        ["nodefs.inodesFree"] = ("DiskPressure", "inodes"),
        ["imagefs.available"] = ("DiskPressure", "ephemeral-storage"),
        ["imagefs.inodesFree"] = ("DiskPressure", "inodes"),
        ["pid.available"] = ("PIDPressure", "pids"),
    };

    /// <summary>The node condition a met threshold sets.</summary>
    public string Condition => SignalInfo[Signal].Condition;

    /// <summary>The resource an eviction for this threshold reclaims (memory, ephemeral-storage, inodes, pids).</summary>
    public string Resource => SignalInfo[Signal].Resource;

    /// <summary>Whether the signal counts bytes (printed as a quantity) rather than inodes or pids.</summary>
    public bool CountsBytes => Resource is "memory" or "ephemeral-storage";

    /// <summary>Parses a comma-separated list; throws <see cref="FormatException"/> with the kubelet's kind of message.</summary>
    public static IReadOnlyList<EvictionThreshold> ParseList(string text)
    {
        var thresholds = new List<EvictionThreshold>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split('<', 2);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new FormatException($"invalid eviction threshold syntax {item}, expected <signal><operator><value>");
            }

            var (signal, value) = (parts[0].Trim(), parts[1].Trim());
            if (!SignalInfo.ContainsKey(signal))
            {
                throw new FormatException($"unsupported eviction signal {signal}");
            }

            if (value.EndsWith('%'))
            {
                if (!double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) || percent < 0 || percent > 100)
                {
                    throw new FormatException($"invalid percentage {value} for eviction signal {signal}");
                }

                thresholds.Add(new EvictionThreshold(signal, null, percent / 100));
                continue;
            }

            long quantity;
            try
            {
                quantity = (long)new ResourceQuantity(value).ToDecimal();
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
            {
                throw new FormatException($"invalid quantity {value} for eviction signal {signal}", e);
            }

            if (quantity < 0)
            {
                throw new FormatException($"eviction threshold {signal} must be positive: {value}");
            }

            thresholds.Add(new EvictionThreshold(signal, quantity, null));
        }

        return thresholds;
    }

    /// <summary>Whether an observed amount (with its capacity, for percentages) is under this threshold.</summary>
    public bool IsMet(long available, long capacity) =>
        Quantity is { } q ? available < q : available < Percentage!.Value * capacity;
}
