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

    /// <summary>A pressure condition when an eviction threshold is met, worded as upstream's kubelet.</summary>
    public static NodeConditionSpec UnderPressure(string type) => type switch
    {
        "MemoryPressure" => new(type, "True", "KubeletHasInsufficientMemory", "kubelet has insufficient memory available"),
        "DiskPressure" => new(type, "True", "KubeletHasDiskPressure", "kubelet has disk pressure"),
        "PIDPressure" => new(type, "True", "KubeletHasInsufficientPID", "kubelet has insufficient PID available"),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a pressure condition"),
    };
}
