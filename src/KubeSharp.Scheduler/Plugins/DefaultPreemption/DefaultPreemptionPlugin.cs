using k8s.Models;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.DefaultPreemption;

/// <summary>
/// When no node fits, finds a node where evicting lower-priority pods would let the pod fit, choosing the node and the
/// fewest, least important victims as upstream's DefaultPreemption. It only decides: the caller evicts the victims and
/// sets the pod's nominatedNodeName. PodDisruptionBudgets are not consulted.
/// </summary>
internal sealed class DefaultPreemptionPlugin : IPostFilterPlugin
{
    public const string PluginName = "DefaultPreemption";
    public const string NoVictimsReason = "No preemption victims found for incoming pod";
    public const string NotHelpfulReason = "Preemption is not helpful for scheduling";

    /// <summary>Upstream's DefaultPreemptionArgs defaults.</summary>
    private const int MinCandidateNodesPercentage = 10;
    private const int MinCandidateNodesAbsolute = 100;

    private readonly IFrameworkHandle _handle;
    private readonly Random _random;

    public DefaultPreemptionPlugin(IFrameworkHandle handle, Random? random = null)
    {
        _handle = handle;
        _random = random ?? Random.Shared;
    }

    public string Name => PluginName;

    public (PostFilterResult? Result, Status? Status) PostFilter(CycleState state, PodInfo pod, NodeToStatus filteredNodeStatus)
    {
        var (result, status) = Preempt(state, pod, filteredNodeStatus);
        return status is not null && status.Reasons.Count > 0
            ? (result, new Status(status.Code, "preemption: " + status.Message))
            : (result, status);
    }

    private (PostFilterResult? Result, Status? Status) Preempt(CycleState state, PodInfo pod, NodeToStatus m)
    {
        var ineligible = NotEligibleReason(pod, m);
        if (ineligible is not null)
        {
            return (null, Status.Unschedulable(ineligible));
        }
        var snapshot = _handle.Snapshot;
        var allNodes = snapshot.NodeInfoList;
        var potential = m.NodesWithCode(StatusCode.Unschedulable)
            .Select(snapshot.Get)
            .OfType<NodeInfo>()
            .ToList();
        var statuses = new NodeToStatus();
        var candidates = new List<(NodeInfo Node, List<PodInfo> Victims)>();
        if (potential.Count > 0)
        {
            var wanted = Math.Min(potential.Count, Math.Max(potential.Count * MinCandidateNodesPercentage / 100, MinCandidateNodesAbsolute));
            var offset = _random.Next(potential.Count);
            for (var i = 0; i < potential.Count && candidates.Count < wanted; i++)
            {
                var node = potential[(offset + i) % potential.Count];
                var (victims, s) = SelectVictimsOnNode(state.Clone(), pod, node.Clone());
                if (s is null && victims.Count > 0)
                {
                    candidates.Add((node, victims));
                }
                else
                {
                    statuses.Set(node.Name, s ?? Status.AsError($"expected at least one victim pod on node \"{node.Name}\""));
                }
            }
        }
        if (candidates.Count == 0)
        {
            statuses.AbsentNodesStatus = Status.Unresolvable(NotHelpfulReason);
            var diagnosis = new Diagnosis { NodeToStatus = statuses };
            return (new PostFilterResult(string.Empty, []), Status.Unschedulable(FitError.Message(allNodes.Count, diagnosis)));
        }
        var best = PickOneNode(candidates);
        return (new PostFilterResult(best.Node.Name, best.Victims.Select(v => v.Pod).ToList()), null);
    }

    private string? NotEligibleReason(PodInfo pod, NodeToStatus m)
    {
        if (pod.Pod.Spec?.PreemptionPolicy == "Never")
        {
            return "not eligible due to preemptionPolicy=Never.";
        }
        var nominated = pod.Pod.Status?.NominatedNodeName;
        if (string.IsNullOrEmpty(nominated) || m.Get(nominated).Code == StatusCode.UnschedulableAndUnresolvable)
        {
            return null;
        }
        var node = _handle.Snapshot.Get(nominated);
        if (node is not null && node.Pods.Any(p => p.Priority < pod.Priority && p.Pod.Metadata?.DeletionTimestamp is not null))
        {
            return "not eligible due to a terminating pod on the nominated node.";
        }
        return null;
    }

    /// <summary>Removes every lower-priority pod, then reprieves the most important ones that can stay.</summary>
    private (List<PodInfo> Victims, Status? Status) SelectVictimsOnNode(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var potential = nodeInfo.Pods.Where(p => p.Priority < pod.Priority).ToList();
        if (potential.Count == 0)
        {
            return ([], Status.Unresolvable(NoVictimsReason));
        }
        foreach (var p in potential)
        {
            nodeInfo.RemovePod(p.Key);
            var s = _handle.RunPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
            if (s is not null)
            {
                return ([], s);
            }
        }
        var fit = _handle.RunFilterPluginsWithNominatedPods(state, pod, nodeInfo);
        if (fit is not null)
        {
            return ([], fit);
        }
        potential.Sort((a, b) => MoreImportant(a, b) ? -1 : MoreImportant(b, a) ? 1 : 0);
        var victims = new List<PodInfo>();
        foreach (var p in potential)
        {
            nodeInfo.AddPod(p);
            _handle.RunPreFilterExtensionAddPod(state, pod, p, nodeInfo);
            if (_handle.RunFilterPluginsWithNominatedPods(state, pod, nodeInfo) is not null)
            {
                nodeInfo.RemovePod(p.Key);
                _handle.RunPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
                victims.Add(p);
            }
        }
        return (victims, null);
    }

    /// <summary>Higher priority first; among equals the one that started earlier.</summary>
    internal static bool MoreImportant(PodInfo a, PodInfo b)
    {
        if (a.Priority != b.Priority)
        {
            return a.Priority > b.Priority;
        }
        return StartTime(a) < StartTime(b);
    }

    private static DateTime StartTime(PodInfo p) =>
        p.Pod.Status?.StartTime ?? p.Pod.Metadata?.CreationTimestamp ?? DateTime.MaxValue;

    /// <summary>
    /// Upstream's pickOneNodeForPreemption without PDBs: lowest highest-victim priority, then lowest priority sum,
    /// then fewest victims, then the latest start among the highest-priority victims, then the first.
    /// </summary>
    private static (NodeInfo Node, List<PodInfo> Victims) PickOneNode(List<(NodeInfo Node, List<PodInfo> Victims)> candidates)
    {
        IEnumerable<(NodeInfo Node, List<PodInfo> Victims)> best = candidates;
        best = KeepMin(best, c => c.Victims.Max(v => (long)v.Priority));
        best = KeepMin(best, c => c.Victims.Sum(v => (long)v.Priority + int.MaxValue + 1L));
        best = KeepMin(best, c => c.Victims.Count);
        best = KeepMin(best, c =>
        {
            var top = c.Victims.Max(v => v.Priority);
            return -c.Victims.Where(v => v.Priority == top).Min(StartTime).Ticks;
        });
        return best.First();
    }

    private static List<(NodeInfo Node, List<PodInfo> Victims)> KeepMin(
        IEnumerable<(NodeInfo Node, List<PodInfo> Victims)> candidates, Func<(NodeInfo Node, List<PodInfo> Victims), long> key)
    {
        var list = candidates.ToList();
        var min = list.Min(key);
        return list.Where(c => key(c) == min).ToList();
    }
}
