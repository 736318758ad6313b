namespace KubeSharp.Kubelet.Stats;

/// <summary>A summary with the window each cpu rate covers (node: key "", containers: "&lt;pod uid&gt;/&lt;container&gt;").</summary>
internal sealed record StatsSnapshot(Summary Summary, IReadOnlyDictionary<string, TimeSpan> Windows);
