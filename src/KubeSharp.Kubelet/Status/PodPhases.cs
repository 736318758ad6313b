using k8s.Models;
using KubeSharp.Kubelet.Kuberuntime;

namespace KubeSharp.Kubelet.Status;

/// <summary>The pod phase from its container statuses (upstream's getPhase, sidecar-aware).</summary>
internal static class PodPhases
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";

    public static bool IsTerminal(string? phase) => phase is Succeeded or Failed;

    /// <param name="podIsTerminal">The pod is done (stopped for good): exited containers then decide Succeeded or Failed.</param>
    public static string GetPhase(V1Pod pod, IList<V1ContainerStatus> initStatuses, IList<V1ContainerStatus> statuses, bool podIsTerminal)
    {
        var restartPolicy = PodSpecs.RestartPolicy(pod);
        int pendingInit = 0, pendingSidecars = 0, failedInit = 0;
        int unknown = 0, running = 0, waiting = 0, stopped = 0, succeeded = 0;
        foreach (var container in pod.Spec.InitContainers ?? [])
        {
            var status = initStatuses.FirstOrDefault(s => s.Name == container.Name);
            var state = status?.State;
            if (PodSpecs.IsSidecar(container))
            {
                if (state is null)
                {
                    pendingSidecars++;
                    unknown++;
                }
                else if (state.Running is not null)
                {
                    if (status!.Started != true)
                    {
                        pendingSidecars++;
                    }

                    running++;
                }
                else if (state.Waiting is not null && status!.LastState?.Terminated is null)
                {
                    pendingSidecars++;
                    waiting++;
                }

                continue;
            }

            if (state is null || state.Running is not null)
            {
                pendingInit++;
            }
            else if (state.Terminated is not null)
            {
                failedInit += state.Terminated.ExitCode != 0 ? 1 : 0;
            }
            else if (state.Waiting is not null)
            {
                if (status!.LastState?.Terminated is { } last)
                {
                    failedInit += last.ExitCode != 0 ? 1 : 0;
                }
                else
                {
                    pendingInit++;
                }
            }
            else
            {
                pendingInit++;
            }
        }

        foreach (var container in pod.Spec.Containers ?? [])
        {
            var status = statuses.FirstOrDefault(s => s.Name == container.Name);
            var state = status?.State;
            if (state is null)
            {
                unknown++;
            }
            else if (state.Running is not null)
            {
                running++;
            }
            else if (state.Terminated is not null)
            {
                stopped++;
                succeeded += state.Terminated.ExitCode == 0 ? 1 : 0;
            }
            else if (state.Waiting is not null)
            {
                if (status!.LastState?.Terminated is not null)
                {
                    stopped++;
                }
                else
                {
                    waiting++;
                }
            }
            else
            {
                unknown++;
            }
        }

        if (failedInit > 0 && restartPolicy == "Never")
        {
            return Failed;
        }

        if (pendingInit > 0 || pendingSidecars > 0 || waiting > 0)
        {
            return Pending;
        }

        if (running > 0 && unknown == 0)
        {
            return Running;
        }

        if (running == 0 && stopped > 0 && unknown == 0)
        {
            if (podIsTerminal)
            {
                return stopped == succeeded ? Succeeded : Failed;
            }

            if (restartPolicy == "Always")
            {
                return Running;
            }

            if (stopped == succeeded)
            {
                return Succeeded;
            }

            return restartPolicy == "Never" ? Failed : Running;
        }

        return Pending;
    }
}
