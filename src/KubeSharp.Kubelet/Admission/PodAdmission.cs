using System.Globalization;
using k8s.Models;
using KubeSharp.Kubelet.Eviction;
using KubeSharp.Kubelet.Kuberuntime;

namespace KubeSharp.Kubelet.Admission;

/// <summary>
/// Upstream's kubelet admission of a new pod, before anything runs: the eviction handler (under MemoryPressure only
/// non-BestEffort pods, under DiskPressure or PIDPressure none, critical pods always) and the resource fit of the
/// predicate handler (the requests of the pods already admitted plus this one against the node's allocatable cpu,
/// memory and pods). A rejected pod ends Failed with the returned reason and message, as upstream's.
/// </summary>
internal static class PodAdmission
{
    /// <summary>Null when admitted, else (reason, message).</summary>
    public static (string Reason, string Message)? Admit(V1Pod pod, IEnumerable<V1Pod> admitted, IReadOnlyDictionary<string, ResourceQuantity> allocatable,
        IReadOnlySet<string> pressures)
    {
        if (EvictionRejects(pod, pressures) is { } conditions)
        {
            return (EvictionManager.Reason, $"The node had condition: [{string.Join(" ", conditions)}]. ");
        }

        var others = admitted.Where(p => p.Metadata.Uid != pod.Metadata.Uid).ToList();
        if (others.Count + 1 > Amount(allocatable, "pods"))
        {
            return ("OutOfpods", $"Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: {others.Count}, capacity: {Amount(allocatable, "pods")}");
        }

        foreach (var (resource, scale) in new[] { ("cpu", 1000m), ("memory", 1m) })
        {
            var requested = Request(pod, resource, scale);
            if (requested == 0)
            {
                continue;
            }

            var used = others.Sum(p => Request(p, resource, scale));
            var capacity = (long)(Amount(allocatable, resource) * scale);
            if (used + requested > capacity)
            {
                return ($"OutOf{resource}", string.Create(CultureInfo.InvariantCulture,
                    $"Pod was rejected: Node didn't have enough resource: {resource}, requested: {requested}, used: {used}, capacity: {capacity}"));
            }
        }

        return null;
    }

    private static List<string>? EvictionRejects(V1Pod pod, IReadOnlySet<string> pressures)
    {
        if (pressures.Count == 0 || EvictionManager.IsCritical(pod))
        {
            return null;
        }

        var onlyMemory = pressures.Count == 1 && pressures.Contains("MemoryPressure");
        if (onlyMemory && SandboxConfigBuilder.QosClass(pod) != "BestEffort")
        {
            return null;
        }

        return [.. pressures.Order(StringComparer.Ordinal)];
    }

    /// <summary>The pod's effective request (in cpu millicores or memory bytes): the larger of the sum of its containers and any init container, plus overhead.</summary>
    public static long Request(V1Pod pod, string resource, decimal scale)
    {
        decimal Of(IDictionary<string, ResourceQuantity>? requests) =>
            requests is not null && requests.TryGetValue(resource, out var q) ? q.ToDecimal() * scale : 0;
        var containers = (pod.Spec.Containers ?? []).Sum(c => Of(c.Resources?.Requests));
        var init = (pod.Spec.InitContainers ?? []).Select(c => Of(c.Resources?.Requests)).DefaultIfEmpty(0).Max();
        return (long)Math.Ceiling(Math.Max(containers, init) + Of(pod.Spec.Overhead));
    }

    private static decimal Amount(IReadOnlyDictionary<string, ResourceQuantity> allocatable, string resource) =>
        allocatable.TryGetValue(resource, out var q) ? q.ToDecimal() : decimal.MaxValue / 1_000_000;
}
