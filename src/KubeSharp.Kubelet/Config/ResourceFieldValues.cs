using System.Globalization;
using k8s.Models;

namespace KubeSharp.Kubelet.Config;

/// <summary>Upstream's downward API resourceFieldRef values (pkg/api/v1/resource), with unset limits defaulted to node allocatable.</summary>
internal static class ResourceFieldValues
{
    private static readonly string[] DefaultedLimits = ["cpu", "memory", "ephemeral-storage"];

    /// <summary>The value of a resourceFieldRef of <paramref name="container"/> (or of the container it names).</summary>
    public static string Value(V1ResourceFieldSelector selector, V1Pod pod, V1Container? container, IReadOnlyDictionary<string, ResourceQuantity> nodeAllocatable)
    {
        if (!string.IsNullOrEmpty(selector.ContainerName) || container is null)
        {
            var name = selector.ContainerName ?? "";
            container = (pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? []).FirstOrDefault(c => c.Name == name)
                ?? throw new ContainerConfigException($"container {name} not found");
        }

        var divisor = selector.Divisor is null || Decimal(selector.Divisor) == 0m ? 1m : Decimal(selector.Divisor);
        var (kind, resource) = selector.Resource switch
        {
            "limits.cpu" => ("limits", "cpu"),
            "limits.memory" => ("limits", "memory"),
            "limits.ephemeral-storage" => ("limits", "ephemeral-storage"),
            "requests.cpu" => ("requests", "cpu"),
            "requests.memory" => ("requests", "memory"),
            "requests.ephemeral-storage" => ("requests", "ephemeral-storage"),
            _ => throw new ContainerConfigException($"unsupported container resource : {selector.Resource}"),
        };

        var amount = kind == "limits" ? Limit(container, resource, nodeAllocatable) : Request(container, resource);
        var value = resource == "cpu"
            ? Math.Ceiling(Math.Ceiling(amount * 1000m) / Math.Ceiling(divisor * 1000m))
            : Math.Ceiling(Math.Ceiling(amount) / Math.Ceiling(divisor));
        return ((long)value).ToString(CultureInfo.InvariantCulture);
    }

    private static decimal Limit(V1Container container, string resource, IReadOnlyDictionary<string, ResourceQuantity> nodeAllocatable)
    {
        if (container.Resources?.Limits is { } limits && limits.TryGetValue(resource, out var q))
        {
            return Decimal(q);
        }

        return DefaultedLimits.Contains(resource) && nodeAllocatable.TryGetValue(resource, out var allocatable) ? Decimal(allocatable) : 0m;
    }

    private static decimal Request(V1Container container, string resource) =>
        container.Resources?.Requests is { } requests && requests.TryGetValue(resource, out var q) ? Decimal(q) : 0m;

    private static decimal Decimal(ResourceQuantity q) => q.ToDecimal();
}
