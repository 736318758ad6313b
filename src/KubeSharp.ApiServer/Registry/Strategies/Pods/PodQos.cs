using k8s.Models;

namespace KubeSharp.ApiServer.Registry.Strategies.Pods;

/// <summary>upstream's GetPodQOS: BestEffort without cpu/memory requests or limits, Guaranteed when every container limits both and requests equal limits.</summary>
internal static class PodQos
{
    public static string Compute(V1PodSpec? spec)
    {
        var requests = new Dictionary<string, decimal>();
        var limits = new Dictionary<string, decimal>();
        var guaranteed = true;
        foreach (var c in (spec?.InitContainers ?? []).Concat(spec?.Containers ?? []))
        {
            foreach (var (name, q) in c.Resources?.Requests ?? new Dictionary<string, ResourceQuantity>())
            {
                if (name is "cpu" or "memory" && q.ToDecimal() > 0)
                {
                    requests[name] = requests.GetValueOrDefault(name) + q.ToDecimal();
                }
            }

            var found = new HashSet<string>();
            foreach (var (name, q) in c.Resources?.Limits ?? new Dictionary<string, ResourceQuantity>())
            {
                if (name is "cpu" or "memory" && q.ToDecimal() > 0)
                {
                    found.Add(name);
                    limits[name] = limits.GetValueOrDefault(name) + q.ToDecimal();
                }
            }

            if (!found.Contains("cpu") || !found.Contains("memory"))
            {
                guaranteed = false;
            }
        }

        if (requests.Count == 0 && limits.Count == 0)
        {
            return "BestEffort";
        }

        if (guaranteed && requests.All(r => limits.TryGetValue(r.Key, out var l) && l == r.Value) && requests.Count == limits.Count)
        {
            return "Guaranteed";
        }

        return "Burstable";
    }
}
