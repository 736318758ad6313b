using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.NodePorts;

/// <summary>Rejects nodes where a host port the pod asks for is already taken.</summary>
internal sealed class NodePortsPlugin : IPreFilterPlugin, IFilterPlugin
{
    public const string PluginName = "NodePorts";
    public const string ErrReason = "node(s) didn't have free ports for the requested pod ports";

    public string Name => PluginName;

    public Status? PreFilter(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes) =>
        pod.HostPorts.Length == 0 ? Status.Skip : null;

    public Status? Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        foreach (var wanted in pod.HostPorts)
        {
            foreach (var used in nodeInfo.UsedPorts)
            {
                if (wanted.ConflictsWith(used))
                {
                    return Status.Unschedulable(ErrReason);
                }
            }
        }
        return null;
    }
}
