namespace KubeSharp.Scheduler.Framework;

/// <summary>Decides whether the pod can run on one node; null means it can.</summary>
internal interface IFilterPlugin : IPlugin
{
    Status? Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo);
}
