using k8s.Models;
using KubeSharp.Client;

namespace KubeSharp.Controllers.Endpoints;

/// <summary>Which pods back a Service and on which ports: the rules the Endpoints and EndpointSlice controllers share
/// (upstream's pkg/controller/util/endpoint and podutil).</summary>
internal static class EndpointPods
{
    /// <summary>A nil or empty selector selects nothing here: Services without a selector are not managed by these controllers.</summary>
    public static bool Selects(IDictionary<string, string>? selector, V1Pod pod)
    {
        if (selector is null || selector.Count == 0)
        {
            return false;
        }

        var labels = pod.Metadata?.Labels;
        return selector.All(s => labels is not null && labels.TryGetValue(s.Key, out var v) && v == s.Value);
    }

    /// <summary>The keys of the selector-bearing Services in the pod's namespace that select it.</summary>
    public static IEnumerable<string> ServiceKeysFor(Indexer<V1Service> services, V1Pod pod) =>
        services.ByIndex(Indexes.Namespace, pod.Metadata?.NamespaceProperty ?? "")
            .Where(s => Selects(s.Spec?.Selector, pod))
            .Select(Keys.For);

    /// <summary>
    /// Registers the pod handlers both controllers use: a pod change enqueues the Services selecting it, before and after
    /// (Services that selected the old labels must drop the pod, those selecting the new ones must add it); a resync
    /// (same resourceVersion) enqueues nothing.
    /// </summary>
    public static void EnqueueServicesOnPodChanges(SharedInformer<V1Pod> pods, Indexer<V1Service> services, WorkQueue<string> queue)
    {
        void Add(IEnumerable<string> keys)
        {
            foreach (var key in keys)
            {
                queue.Add(key);
            }
        }

        pods.AddEventHandler(
            pod => Add(ServiceKeysFor(services, pod)),
            (old, current) =>
            {
                if (old.Metadata?.ResourceVersion != current.Metadata?.ResourceVersion)
                {
                    Add(ServiceKeysFor(services, old).Union(ServiceKeysFor(services, current)));
                }
            },
            pod => Add(ServiceKeysFor(services, pod)));
    }

    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>Terminal pods and pods without an IP never back a Service; terminating ones only when asked for.</summary>
    public static bool ShouldBeInEndpoints(V1Pod pod, bool includeTerminating)
    {
        if (IsTerminal(pod))
        {
            return false;
        }

        if (string.IsNullOrEmpty(pod.Status?.PodIP) && (pod.Status?.PodIPs is null || pod.Status.PodIPs.Count == 0))
        {
            return false;
        }

        return includeTerminating || pod.Metadata?.DeletionTimestamp is null;
    }

    /// <summary>The pod's IP of the given family ("IPv4"/"IPv6"), or its primary IP when it has no IP of that family listed.</summary>
    public static string? PodIp(V1Pod pod, string family)
    {
        var ips = pod.Status?.PodIPs?.Select(p => p.Ip).Where(ip => !string.IsNullOrEmpty(ip)).ToList() ?? [];
        if (ips.Count == 0 && !string.IsNullOrEmpty(pod.Status?.PodIP))
        {
            ips.Add(pod.Status.PodIP);
        }

        var six = family == "IPv6";
        return ips.FirstOrDefault(ip => ip.Contains(':', StringComparison.Ordinal) == six);
    }

    /// <summary>The primary IP family of a Service (IPv4 unless it says otherwise).</summary>
    public static string Family(V1Service service) => service.Spec?.IpFamilies?.FirstOrDefault() ?? "IPv4";

    /// <summary>Pods with spec.hostname and spec.subdomain equal to the Service name get a DNS hostname record.</summary>
    public static bool ShouldSetHostname(V1Pod pod, V1Service service) =>
        !string.IsNullOrEmpty(pod.Spec?.Hostname) && pod.Spec.Subdomain == service.Metadata?.Name
        && pod.Metadata?.NamespaceProperty == service.Metadata?.NamespaceProperty;

    /// <summary>The container port a Service port targets on this pod: a number as is, a name looked up among the pod's
    /// container ports of the same protocol; null when the pod has no such named port.</summary>
    public static int? FindPort(V1Pod pod, V1ServicePort servicePort)
    {
        var target = servicePort.TargetPort?.Value;
        if (string.IsNullOrEmpty(target))
        {
            return servicePort.Port;
        }

        if (int.TryParse(target, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        var protocol = servicePort.Protocol ?? "TCP";
        foreach (var container in pod.Spec?.Containers ?? [])
        {
            foreach (var port in container.Ports ?? [])
            {
                if (port.Name == target && (port.Protocol ?? "TCP") == protocol)
                {
                    return port.ContainerPort;
                }
            }
        }

        return null;
    }

    public static V1ObjectReference TargetRef(V1Pod pod) => new()
    {
        Kind = "Pod",
        NamespaceProperty = pod.Metadata?.NamespaceProperty,
        Name = pod.Metadata?.Name,
        Uid = pod.Metadata?.Uid,
    };
}
