namespace KubeSharp.Scheduler.Framework;

/// <summary>Runs once per cycle before filtering; a <see cref="Status.Skip"/> result skips the plugin's Filter.</summary>
internal interface IPreFilterPlugin : IPlugin
{
    Status? PreFilter(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes);
}
