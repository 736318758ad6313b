namespace KubeSharp.Scheduler.Framework;

/// <summary>Runs once before scoring; a <see cref="Status.Skip"/> result skips the plugin's Score.</summary>
internal interface IPreScorePlugin : IPlugin
{
    Status? PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes);
}
