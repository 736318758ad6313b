namespace KubeSharp.Kubelet.Nodes;

/// <summary>One node condition with upstream's reason and message.</summary>
internal sealed record NodeConditionSpec(string Type, string Status, string Reason, string Message)
{
    /// <summary>The four conditions of a healthy node, worded as upstream's kubelet writes them.</summary>
    public static IReadOnlyList<NodeConditionSpec> Healthy { get; } =
    [
        new("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        new("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        new("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        new("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
    ];

    public static NodeConditionSpec NotReady(string message) => new("Ready", "False", "KubeletNotReady", message);
}
