namespace KubeSharp.Scheduler.Plugins.PodTopologySpread;

/// <summary>Per-cycle data for scoring the ScheduleAnyway constraints.</summary>
internal sealed record ScoreState(
    List<SpreadConstraint> Constraints,
    Dictionary<(string Key, string Value), int> Counts,
    HashSet<string> Ignored,
    double[] Weights);
