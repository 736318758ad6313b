namespace KubeSharp.Kubelet.Cri;

/// <summary>
/// The labels and annotations the kubelet puts on sandboxes and containers, with upstream's keys, so that the
/// runtime's objects can be traced back to pods (and other tools such as crictl show them as usual).
/// </summary>
internal static class CriLabels
{
    public const string PodName = "io.kubernetes.pod.name";
    public const string PodNamespace = "io.kubernetes.pod.namespace";
    public const string PodUid = "io.kubernetes.pod.uid";
    public const string ContainerName = "io.kubernetes.container.name";

    /// <summary>Marks objects created by the kubelet; upstream's value is "true".</summary>
    public const string ManagedBy = "io.kubernetes.kubelet.managed";

    /// <summary>Annotations kept on each container so that a restarted kubelet can rebuild status.</summary>
    public const string ContainerRestartCount = "io.kubernetes.container.restartCount";
    public const string ContainerHash = "io.kubernetes.container.hash";
    public const string ContainerTerminationMessagePath = "io.kubernetes.container.terminationMessagePath";
    public const string ContainerTerminationMessagePolicy = "io.kubernetes.container.terminationMessagePolicy";
    public const string PodTerminationGracePeriod = "io.kubernetes.pod.terminationGracePeriod";
}
