using k8s.Models;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Cache;

/// <summary>
/// The scheduler's view of nodes and the pods on them: bound pods from the API plus pods assumed by this scheduler
/// while their binding is in flight. Thread-safe; <see cref="UpdateSnapshot"/> copies only the nodes that changed.
/// </summary>
internal sealed class SchedulerCache
{
    private const string ZoneLabel = "topology.kubernetes.io/zone";
    private const string RegionLabel = "topology.kubernetes.io/region";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, NodeInfo> _nodes = new(StringComparer.Ordinal);
    private readonly List<string> _nodeOrder = [];
    private readonly Dictionary<string, PodState> _pods = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private bool _nodeSetChanged = true;

    public int NodeCount
    {
        get
        {
            lock (_lock)
            {
                return _nodes.Values.Count(n => n.Node is not null);
            }
        }
    }

    public void AddNode(V1Node node) => UpdateNode(node);

    public void UpdateNode(V1Node node)
    {
        lock (_lock)
        {
            var name = node.Name();
            if (!_nodes.TryGetValue(name, out var info))
            {
                _nodes[name] = info = new NodeInfo();
            }
            if (info.Node is null)
            {
                _nodeOrder.Add(name);
                _nodeSetChanged = true;
            }
            else if (Zone(info.Node) != Zone(node))
            {
                _nodeSetChanged = true;
            }
            info.SetNode(node);
            _dirty.Add(name);
        }
    }

    public void RemoveNode(V1Node node)
    {
        lock (_lock)
        {
            var name = node.Name();
            if (!_nodes.TryGetValue(name, out var info))
            {
                return;
            }

            // Pods still listed on a deleted node keep a node-less entry until their own deletion arrives.
            if (info.Pods.Count == 0)
            {
                _nodes.Remove(name);
            }
            else
            {
                var ghost = new NodeInfo();
                foreach (var p in info.Pods)
                {
                    ghost.AddPod(p);
                }
                _nodes[name] = ghost;
            }
            _nodeOrder.Remove(name);
            _nodeSetChanged = true;
            _dirty.Add(name);
        }
    }

    /// <summary>A pod bound to a node, from the API. Confirms the pod if this scheduler assumed it.</summary>
    public void AddPod(V1Pod pod) => UpdatePod(pod);

    public void UpdatePod(V1Pod pod)
    {
        var info = new PodInfo(pod);
        lock (_lock)
        {
            if (_pods.TryGetValue(info.Key, out var existing))
            {
                RemoveFromNode(existing);
            }
            AddToNode(new PodState(info, pod.Spec.NodeName, Assumed: false));
        }
    }

    public void RemovePod(V1Pod pod)
    {
        lock (_lock)
        {
            if (_pods.TryGetValue(PodInfo.PodKey(pod), out var existing))
            {
                RemoveFromNode(existing);
            }
        }
    }

    /// <summary>Accounts for a pod this scheduler decided to bind, before the API confirms it.</summary>
    public void AssumePod(PodInfo pod, string nodeName)
    {
        lock (_lock)
        {
            if (_pods.ContainsKey(pod.Key))
            {
                throw new InvalidOperationException($"pod {pod.Key} is already in the cache, so can't be assumed");
            }
            AddToNode(new PodState(pod, nodeName, Assumed: true));
        }
    }

    /// <summary>Undoes <see cref="AssumePod"/> after a failed bind.</summary>
    public void ForgetPod(PodInfo pod)
    {
        lock (_lock)
        {
            if (_pods.TryGetValue(pod.Key, out var existing) && existing.Assumed)
            {
                RemoveFromNode(existing);
            }
        }
    }

    public bool IsAssumedOrBound(string podKey)
    {
        lock (_lock)
        {
            return _pods.ContainsKey(podKey);
        }
    }

    public bool IsAssumed(string podKey)
    {
        lock (_lock)
        {
            return _pods.TryGetValue(podKey, out var s) && s.Assumed;
        }
    }

    /// <summary>Brings the snapshot up to date, copying only nodes changed since the last call.</summary>
    public void UpdateSnapshot(Snapshot snapshot)
    {
        lock (_lock)
        {
            var affinityChanged = false;
            foreach (var name in _dirty)
            {
                var had = snapshot.Map.TryGetValue(name, out var target);
                if (_nodes.TryGetValue(name, out var info) && info.Node is not null)
                {
                    if (target is null)
                    {
                        snapshot.Map[name] = target = new NodeInfo();
                    }
                    affinityChanged |= target.PodsWithAffinity.Count > 0 || info.PodsWithAffinity.Count > 0
                        || target.PodsWithRequiredAntiAffinity.Count > 0 || info.PodsWithRequiredAntiAffinity.Count > 0;
                    target.CopyFrom(info);
                }
                else if (had)
                {
                    snapshot.Map.Remove(name);
                }
            }
            _dirty.Clear();
            if (_nodeSetChanged)
            {
                snapshot.NodeInfoList = Interleave().Select(n => snapshot.Map[n]).ToList();
                _nodeSetChanged = false;
                affinityChanged = true;
            }
            if (affinityChanged)
            {
                snapshot.HavePodsWithAffinityList = snapshot.NodeInfoList.Where(n => n.PodsWithAffinity.Count > 0).ToList();
                snapshot.HavePodsWithRequiredAntiAffinityList =
                    snapshot.NodeInfoList.Where(n => n.PodsWithRequiredAntiAffinity.Count > 0).ToList();
            }
            snapshot.Generation = NodeInfo.NextGeneration();
        }
    }

    private void AddToNode(PodState state)
    {
        if (!_nodes.TryGetValue(state.NodeName, out var info))
        {
            _nodes[state.NodeName] = info = new NodeInfo();
        }
        info.AddPod(state.Pod);
        _pods[state.Pod.Key] = state;
        _dirty.Add(state.NodeName);
    }

    private void RemoveFromNode(PodState state)
    {
        _pods.Remove(state.Pod.Key);
        if (_nodes.TryGetValue(state.NodeName, out var info))
        {
            info.RemovePod(state.Pod.Key);
            if (info.Node is null && info.Pods.Count == 0)
            {
                _nodes.Remove(state.NodeName);
            }
            _dirty.Add(state.NodeName);
        }
    }

    /// <summary>Nodes zone by zone in turn, as upstream's nodeTree, so the first nodes examined span zones.</summary>
    private IEnumerable<string> Interleave()
    {
        var zones = new List<List<string>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in _nodeOrder)
        {
            var zone = Zone(_nodes[name].Node!);
            if (!index.TryGetValue(zone, out var i))
            {
                index[zone] = i = zones.Count;
                zones.Add([]);
            }
            zones[i].Add(name);
        }
        for (var round = 0; zones.Any(z => z.Count > round); round++)
        {
            foreach (var z in zones)
            {
                if (round < z.Count)
                {
                    yield return z[round];
                }
            }
        }
    }

    private static string Zone(V1Node node)
    {
        var labels = node.Metadata?.Labels;
        if (labels is null)
        {
            return string.Empty;
        }
        labels.TryGetValue(RegionLabel, out var region);
        labels.TryGetValue(ZoneLabel, out var zone);
        return $"{region}:\0:{zone}";
    }
}
