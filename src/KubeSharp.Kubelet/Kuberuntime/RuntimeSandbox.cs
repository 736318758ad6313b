namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>One pod sandbox as the runtime reports it.</summary>
internal sealed record RuntimeSandbox(string Id, uint Attempt, bool Ready, DateTimeOffset CreatedAt, IReadOnlyList<string> Ips, bool HostNetwork);
