namespace KubeSharp.Kubelet.Stats;

/// <summary>
/// What metrics.k8s.io (kubectl top) needs from this node: usage rates over a window. Pods appear only once every
/// container has a cpu rate (two samples), as metrics-server drops incomplete pods.
/// </summary>
internal sealed record ResourceMetrics(NodeResourceMetrics? Node, IReadOnlyList<PodResourceMetrics> Pods);
