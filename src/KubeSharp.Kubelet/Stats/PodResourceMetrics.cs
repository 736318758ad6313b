namespace KubeSharp.Kubelet.Stats;

/// <summary>A pod's containers' usage over <see cref="Window"/> ending at <see cref="Timestamp"/>.</summary>
internal sealed record PodResourceMetrics(string Namespace, string Name, string Uid, DateTimeOffset Timestamp, TimeSpan Window, IReadOnlyList<ContainerResourceMetrics> Containers);
