using k8s.Models;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>Small questions about pod specs that several parts of the kubelet ask.</summary>
internal static class PodSpecs
{
    /// <summary>An init container with restartPolicy Always: a sidecar that starts in order and then keeps running.</summary>
    public static bool IsSidecar(V1Container container) => container.RestartPolicy == "Always";

    public static string RestartPolicy(V1Pod pod) => pod.Spec.RestartPolicy ?? "Always";

    public static bool ShouldRestartOnFailure(V1Pod pod) => RestartPolicy(pod) != "Never";

    public static bool HostNetwork(V1Pod pod) => pod.Spec.HostNetwork == true;

    /// <summary>Upstream's format.Pod: "name_namespace(uid)", as used in kubelet messages.</summary>
    public static string Format(V1Pod pod) => $"{pod.Metadata.Name}_{pod.Metadata.NamespaceProperty}({pod.Metadata.Uid})";

    /// <summary>
    /// Whether the container should be (re)started by the next sync (upstream's ShouldContainerBeRestarted): never run, or
    /// exited and allowed by the restart policy, and the pod is not being deleted.
    /// </summary>
    public static bool ShouldContainerBeRestarted(V1Container container, V1Pod pod, PodRuntimeStatus status, bool isInit = false)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            return false;
        }

        var latest = status.Latest(container.Name);
        if (latest is null)
        {
            return true;
        }

        if (latest.IsRunning)
        {
            return false;
        }

        if (latest.State is Cri.V1.ContainerState.ContainerUnknown or Cri.V1.ContainerState.ContainerCreated)
        {
            return true;
        }

        if (isInit && IsSidecar(container))
        {
            return true;
        }

        return RestartPolicy(pod) switch
        {
            "Never" => false,
            "OnFailure" => latest.ExitCode != 0,
            _ => !isInit || latest.ExitCode != 0,
        };
    }
}
