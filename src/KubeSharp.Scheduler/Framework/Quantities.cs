using k8s.Models;

namespace KubeSharp.Scheduler.Framework;

/// <summary>Conversions of resource quantities to integers, rounding up as upstream's Quantity.Value/MilliValue.</summary>
internal static class Quantities
{
    public static long MilliValue(ResourceQuantity quantity) => (long)Math.Ceiling(quantity.ToDecimal() * 1000m);

    public static long Value(ResourceQuantity quantity) => (long)Math.Ceiling(quantity.ToDecimal());

    /// <summary>Extended (domain-prefixed), hugepages and attachable-volume resources are tracked as scalars.</summary>
    public static bool IsScalarResourceName(string name) =>
        name.Contains('/', StringComparison.Ordinal)
        || name.StartsWith("hugepages-", StringComparison.Ordinal)
        || name.StartsWith("attachable-volumes-", StringComparison.Ordinal);
}
