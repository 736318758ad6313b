using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.NodeName;

/// <summary>Rejects nodes other than the one named in spec.nodeName.</summary>
internal sealed class NodeNamePlugin : IFilterPlugin
{
    public const string PluginName = "NodeName";
    public const string ErrReason = "node(s) didn't match the requested node name";

    public string Name => PluginName;

    public Status? Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var wanted = pod.Pod.Spec?.NodeName;
        return string.IsNullOrEmpty(wanted) || wanted == nodeInfo.Name ? null : Status.Unresolvable(ErrReason);
    }
}
