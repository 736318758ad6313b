using k8s.Models;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.NodeUnschedulable;

/// <summary>Rejects cordoned nodes unless the pod tolerates the node.kubernetes.io/unschedulable:NoSchedule taint.</summary>
internal sealed class NodeUnschedulablePlugin : IFilterPlugin
{
    public const string PluginName = "NodeUnschedulable";
    public const string ErrReasonUnschedulable = "node(s) were unschedulable";
    public const string ErrReasonUnknownCondition = "node(s) had unknown conditions";

    private static readonly V1Taint UnschedulableTaint = new()
    {
        Key = "node.kubernetes.io/unschedulable",
        Effect = "NoSchedule",
    };

    public string Name => PluginName;

    public Status? Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        if (nodeInfo.Node is null)
        {
            return Status.Unresolvable(ErrReasonUnknownCondition);
        }
        if (!nodeInfo.Unschedulable)
        {
            return null;
        }
        return Tolerations.AnyTolerates(pod.Pod.Spec?.Tolerations, UnschedulableTaint)
            ? null
            : Status.Unresolvable(ErrReasonUnschedulable);
    }
}
