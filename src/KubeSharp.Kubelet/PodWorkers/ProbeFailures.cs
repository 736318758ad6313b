using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Prober;

namespace KubeSharp.Kubelet.PodWorkers;

/// <summary>The liveness and startup probes that currently fail, per pod and container id, from the probe manager's updates.</summary>
internal sealed class ProbeFailures
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, ProbeType>> _pods = new(StringComparer.Ordinal);

    public void Apply(ProbeUpdate update)
    {
        if (update.Type == ProbeType.Readiness)
        {
            return;
        }

        lock (_lock)
        {
            if (!_pods.TryGetValue(update.PodUid, out var containers))
            {
                containers = new Dictionary<string, ProbeType>(StringComparer.Ordinal);
                _pods[update.PodUid] = containers;
            }

            if (update.Result == ProbeResult.Failure)
            {
                containers[ContainerIds.RuntimeId(update.ContainerId)] = update.Type;
            }
            else if (containers.TryGetValue(ContainerIds.RuntimeId(update.ContainerId), out var failing) && failing == update.Type)
            {
                containers.Remove(ContainerIds.RuntimeId(update.ContainerId));
            }
        }
    }

    public IReadOnlyDictionary<string, ProbeType> For(string podUid)
    {
        lock (_lock)
        {
            return _pods.TryGetValue(podUid, out var containers) ? new Dictionary<string, ProbeType>(containers) : new Dictionary<string, ProbeType>();
        }
    }

    public void RemovePod(string podUid)
    {
        lock (_lock)
        {
            _pods.Remove(podUid);
        }
    }
}
