namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>
/// Everything the runtime knows about one pod (upstream's kubecontainer.PodStatus): its sandboxes and container instances,
/// each list newest first.
/// </summary>
internal sealed record PodRuntimeStatus(string Uid, string Name, string Namespace, IReadOnlyList<RuntimeSandbox> Sandboxes,
    IReadOnlyList<RuntimeContainer> Containers)
{
    public static PodRuntimeStatus Empty(string uid, string name, string ns) => new(uid, name, ns, [], []);

    /// <summary>The newest instance of the named container, or null if it never ran.</summary>
    public RuntimeContainer? Latest(string name) => Containers.FirstOrDefault(c => c.Name == name);

    /// <summary>The instance before the newest one (for lastState), or null.</summary>
    public RuntimeContainer? Previous(string name) => Containers.Where(c => c.Name == name).Skip(1).FirstOrDefault();

    /// <summary>The IPs of the newest ready sandbox, or none.</summary>
    public IReadOnlyList<string> PodIps => Sandboxes.FirstOrDefault(s => s.Ready)?.Ips ?? [];

    public bool HasRunningContainers => Containers.Any(c => c.IsRunning);

    public bool HasReadySandbox => Sandboxes.Any(s => s.Ready);
}
