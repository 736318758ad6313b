namespace KubeSharp.Scheduler.Framework;

/// <summary>Ranks feasible nodes; scores are normalized to [0, <see cref="MaxNodeScore"/>] then weighted.</summary>
internal interface IScorePlugin : IPlugin
{
    public const long MaxNodeScore = 100;

    long Score(CycleState state, PodInfo pod, NodeInfo nodeInfo);

    /// <summary>Rescales raw scores in place; <paramref name="scores"/> is parallel to the feasible nodes.</summary>
    void NormalizeScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores);
}
