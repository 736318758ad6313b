namespace KubeSharp.Kubelet.Cri;

/// <summary>The <c>&lt;runtime&gt;://&lt;id&gt;</c> container ids of pod status (upstream's kubecontainer.ContainerID).</summary>
internal static class ContainerIds
{
    public static string Format(string runtimeName, string id) => $"{runtimeName}://{id}";

    /// <summary>The runtime's own id of a status container id; an id without a scheme is returned as is.</summary>
    public static string RuntimeId(string containerId)
    {
        var at = containerId.IndexOf("://", StringComparison.Ordinal);
        return at < 0 ? containerId : containerId[(at + 3)..];
    }
}
