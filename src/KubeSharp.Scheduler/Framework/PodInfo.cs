using k8s.Models;

namespace KubeSharp.Scheduler.Framework;

/// <summary>A pod with everything the plugins derive from its spec computed once, as upstream's PodInfo.</summary>
internal sealed class PodInfo
{
    /// <summary>Default cpu (100m) and memory (200Mi) counted for containers without requests when scoring.</summary>
    public const long DefaultMilliCpuRequest = 100;
    public const long DefaultMemoryRequest = 200L * 1024 * 1024;

    private static readonly AffinityTerm[] NoTerms = [];

    public PodInfo(V1Pod pod)
    {
        Pod = pod;
        Key = PodKey(pod);
        Priority = pod.Spec?.Priority ?? 0;
        (Requests, NonZeroRequests) = ComputeRequests(pod);
        var affinity = pod.Spec?.Affinity;
        RequiredAffinityTerms = Terms(pod, affinity?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution);
        RequiredAntiAffinityTerms = Terms(pod, affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution);
        PreferredAffinityTerms = Weighted(pod, affinity?.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution);
        PreferredAntiAffinityTerms = Weighted(pod, affinity?.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution);
        HostPorts = CollectHostPorts(pod);
    }

    public V1Pod Pod { get; }

    public string Key { get; }

    public int Priority { get; }

    /// <summary>Effective requests: containers summed, init containers as a running max, sidecars and overhead added.</summary>
    public Resource Requests { get; }

    /// <summary>As <see cref="Requests"/> with the cpu/memory defaults for containers that request none.</summary>
    public Resource NonZeroRequests { get; }

    public AffinityTerm[] RequiredAffinityTerms { get; }

    public AffinityTerm[] RequiredAntiAffinityTerms { get; }

    public AffinityTerm[] PreferredAffinityTerms { get; }

    public AffinityTerm[] PreferredAntiAffinityTerms { get; }

    public HostPort[] HostPorts { get; }

    public bool HasAffinity => RequiredAffinityTerms.Length + RequiredAntiAffinityTerms.Length
        + PreferredAffinityTerms.Length + PreferredAntiAffinityTerms.Length > 0;

    public static string PodKey(V1Pod pod) =>
        string.IsNullOrEmpty(pod.Metadata?.Uid) ? $"{pod.Namespace()}/{pod.Name()}" : pod.Metadata.Uid;

    private static AffinityTerm[] Terms(V1Pod pod, IList<V1PodAffinityTerm>? terms) =>
        terms is null || terms.Count == 0 ? NoTerms : terms.Select(t => new AffinityTerm(pod, t)).ToArray();

    private static AffinityTerm[] Weighted(V1Pod pod, IList<V1WeightedPodAffinityTerm>? terms) =>
        terms is null || terms.Count == 0
            ? NoTerms
            : terms.Select(t => new AffinityTerm(pod, t.PodAffinityTerm, t.Weight)).ToArray();

    private static HostPort[] CollectHostPorts(V1Pod pod)
    {
        List<HostPort>? ports = null;
        foreach (var c in (pod.Spec?.InitContainers ?? []).Concat(pod.Spec?.Containers ?? []))
        {
            foreach (var p in c.Ports ?? [])
            {
                if (p.HostPort is > 0)
                {
                    (ports ??= []).Add(new HostPort(p.HostIP ?? string.Empty, p.Protocol ?? "TCP", p.HostPort.Value));
                }
            }
        }
        return ports?.ToArray() ?? [];
    }

    private static (Resource Requests, Resource NonZero) ComputeRequests(V1Pod pod)
    {
        var reqs = new Resource();
        var nonZero = new Resource();
        foreach (var c in pod.Spec?.Containers ?? [])
        {
            reqs.Add(c.Resources?.Requests);
            nonZero.Add(NonZero(c.Resources?.Requests));
        }

        // Restartable init containers (sidecars) keep running, so they add up; plain init containers run one at a time.
        var sidecars = new Resource();
        var sidecarsNonZero = new Resource();
        var initMax = new Resource();
        var initMaxNonZero = new Resource();
        foreach (var c in pod.Spec?.InitContainers ?? [])
        {
            var r = new Resource();
            r.Add(c.Resources?.Requests);
            var nz = NonZero(c.Resources?.Requests);
            if (c.RestartPolicy == "Always")
            {
                sidecars.Add(r);
                sidecarsNonZero.Add(nz);
                initMax.SetMax(sidecars);
                initMaxNonZero.SetMax(sidecarsNonZero);
            }
            else
            {
                r.Add(sidecars);
                nz.Add(sidecarsNonZero);
                initMax.SetMax(r);
                initMaxNonZero.SetMax(nz);
            }
        }
        reqs.Add(sidecars);
        nonZero.Add(sidecarsNonZero);
        reqs.SetMax(initMax);
        nonZero.SetMax(initMaxNonZero);

        // Pod-level requests, when given, replace the container sums for cpu and memory.
        if (pod.Spec?.Resources?.Requests is { } podLevel)
        {
            var p = new Resource();
            p.Add(podLevel);
            if (podLevel.ContainsKey("cpu"))
            {
                reqs.MilliCpu = p.MilliCpu;
                nonZero.MilliCpu = p.MilliCpu;
            }
            if (podLevel.ContainsKey("memory"))
            {
                reqs.Memory = p.Memory;
                nonZero.Memory = p.Memory;
            }
        }

        if (pod.Spec?.Overhead is { } overhead)
        {
            var o = new Resource();
            o.Add(overhead);
            reqs.Add(o);
            nonZero.Add(o);
        }
        return (reqs, nonZero);
    }

    private static Resource NonZero(IDictionary<string, ResourceQuantity>? requests)
    {
        var r = new Resource();
        r.Add(requests);
        if (requests is null || !requests.ContainsKey("cpu"))
        {
            r.MilliCpu = DefaultMilliCpuRequest;
        }
        if (requests is null || !requests.ContainsKey("memory"))
        {
            r.Memory = DefaultMemoryRequest;
        }
        return r;
    }
}
