using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Prober;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>
/// Decides what a sync does (upstream's computePodActions), purely from the pod spec, the runtime's view of the pod and
/// the failing liveness/startup probes: whether to (re)create the sandbox, which init container or sidecars to start,
/// which containers to start and which to kill, and why.
/// </summary>
internal static class PodActionsPlanner
{
    public const string ReasonLivenessProbe = "LivenessProbe";
    public const string ReasonStartupProbe = "StartupProbe";

    /// <param name="failedProbes">Container id → the probe (liveness or startup) that currently fails for it.</param>
    public static PodActions Compute(V1Pod pod, PodRuntimeStatus status, IReadOnlyDictionary<string, ProbeType> failedProbes)
    {
        var actions = new PodActions();
        var (createSandbox, attempt, sandboxId) = SandboxChanged(pod, status);
        actions.KillPod = createSandbox;
        actions.CreateSandbox = createSandbox;
        actions.Attempt = attempt;
        actions.SandboxId = sandboxId;
        var containers = pod.Spec.Containers ?? [];
        var initContainers = pod.Spec.InitContainers ?? [];

        if (createSandbox)
        {
            // A pod that must not restart and already ran keeps its dead sandbox: recreating it would run containers again.
            if (!PodSpecs.ShouldRestartOnFailure(pod) && attempt != 0 && status.Containers.Count != 0)
            {
                actions.CreateSandbox = false;
                return actions;
            }

            if (pod.Metadata.DeletionTimestamp is not null)
            {
                actions.CreateSandbox = false;
                return actions;
            }

            if (initContainers.Count > 0 && !AnyRegularContainerRan(pod, status))
            {
                actions.InitContainersToStart.Add(0);
                return actions;
            }

            for (var i = 0; i < containers.Count; i++)
            {
                if (PodSpecs.RestartPolicy(pod) == "OnFailure" && status.Latest(containers[i].Name) is { IsRunning: false, ExitCode: 0 })
                {
                    continue;
                }

                if (PodSpecs.RestartPolicy(pod) == "Never" && status.Latest(containers[i].Name) is { IsRunning: false } done
                    && done.State == ContainerState.ContainerExited)
                {
                    continue;
                }

                actions.ContainersToStart.Add(i);
            }

            if (actions.ContainersToStart.Count == 0)
            {
                actions.CreateSandbox = false;
            }

            return actions;
        }

        var initialized = ComputeInitContainerActions(pod, status, failedProbes, actions);
        if (actions.KillPod || !initialized)
        {
            return actions;
        }

        var keep = 0;
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            var latest = status.Latest(container.Name);
            if (latest is null || !latest.IsRunning)
            {
                if (PodSpecs.ShouldContainerBeRestarted(container, pod, status))
                {
                    actions.ContainersToStart.Add(i);
                    if (latest is { State: ContainerState.ContainerUnknown or ContainerState.ContainerCreated })
                    {
                        actions.ContainersToKill.Add(new ContainerToKill(latest.Id, container.Name,
                            $"Container {container.Name} is in an unknown state, will be restarted", null));
                    }
                }

                continue;
            }

            if (PlanRunning(pod, container, latest, failedProbes, PodSpecs.ShouldRestartOnFailure(pod)) is { } kill)
            {
                actions.ContainersToKill.Add(kill.Kill);
                if (kill.Restart)
                {
                    actions.ContainersToStart.Add(i);
                }

                continue;
            }

            keep++;
        }

        if (keep == 0 && actions.ContainersToStart.Count == 0)
        {
            // Every regular container is done and none restarts: the pod is over, sidecars included.
            actions.KillPod = true;
            actions.InitContainersToStart.Clear();
        }

        return actions;
    }

    private static (bool Create, uint Attempt, string? SandboxId) SandboxChanged(V1Pod pod, PodRuntimeStatus status)
    {
        if (status.Sandboxes.Count == 0)
        {
            return (true, 0, null);
        }

        var latest = status.Sandboxes[0];
        var ready = status.Sandboxes.Count(s => s.Ready);
        var next = latest.Attempt + 1;
        if (ready > 1 || !latest.Ready || latest.HostNetwork != PodSpecs.HostNetwork(pod) || (!latest.HostNetwork && latest.Ips.Count == 0))
        {
            return (true, next, latest.Id);
        }

        return (false, latest.Attempt, latest.Id);
    }

    /// <summary>Once a regular container has run, the pod was initialized: init containers are not run again.</summary>
    private static bool AnyRegularContainerRan(V1Pod pod, PodRuntimeStatus status) =>
        (pod.Spec.Containers ?? []).Any(c => status.Latest(c.Name) is not null);

    /// <summary>Plans init containers and sidecars in order; true once every regular init container has succeeded.</summary>
    private static bool ComputeInitContainerActions(V1Pod pod, PodRuntimeStatus status, IReadOnlyDictionary<string, ProbeType> failedProbes,
        PodActions actions)
    {
        var initContainers = pod.Spec.InitContainers ?? [];
        var initializedBefore = AnyRegularContainerRan(pod, status);
        for (var i = 0; i < initContainers.Count; i++)
        {
            var container = initContainers[i];
            var latest = status.Latest(container.Name);
            if (PodSpecs.IsSidecar(container))
            {
                if (latest is { IsRunning: true })
                {
                    if (PlanRunning(pod, container, latest, failedProbes, restart: true) is { } kill)
                    {
                        actions.ContainersToKill.Add(kill.Kill);
                        actions.InitContainersToStart.Add(i);
                    }

                    continue;
                }

                if (pod.Metadata.DeletionTimestamp is not null)
                {
                    continue;
                }

                KillIfUnknown(container, latest, actions);
                actions.InitContainersToStart.Add(i);
                if (!initializedBefore)
                {
                    // A sidecar must be up before the init containers after it run.
                    return false;
                }

                continue;
            }

            if (initializedBefore)
            {
                continue;
            }

            if (latest is null)
            {
                actions.InitContainersToStart.Add(i);
                return false;
            }

            if (latest.IsRunning)
            {
                return false;
            }

            if (latest.State == ContainerState.ContainerExited && latest.ExitCode == 0)
            {
                continue;
            }

            if (latest.State == ContainerState.ContainerExited && !PodSpecs.ShouldRestartOnFailure(pod))
            {
                // A failed init container of a pod that never restarts fails the pod.
                actions.KillPod = true;
                return false;
            }

            KillIfUnknown(container, latest, actions);
            actions.InitContainersToStart.Add(i);
            return false;
        }

        return true;
    }

    private static void KillIfUnknown(V1Container container, RuntimeContainer? latest, PodActions actions)
    {
        if (latest is { State: ContainerState.ContainerUnknown or ContainerState.ContainerCreated })
        {
            actions.ContainersToKill.Add(new ContainerToKill(latest.Id, container.Name,
                $"Container {container.Name} is in an unknown state, will be restarted", null));
        }
    }

    private static (ContainerToKill Kill, bool Restart)? PlanRunning(V1Pod pod, V1Container container, RuntimeContainer running,
        IReadOnlyDictionary<string, ProbeType> failedProbes, bool restart)
    {
        string message;
        string? reason = null;
        if (running.Hash.Length > 0 && running.Hash != ContainerHash.Of(container))
        {
            message = $"Container {container.Name} definition changed";
            restart = true;
        }
        else if (failedProbes.TryGetValue(running.Id, out var probe) && probe == ProbeType.Liveness)
        {
            message = $"Container {container.Name} failed liveness probe";
            reason = ReasonLivenessProbe;
        }
        else if (probe == ProbeType.Startup && failedProbes.ContainsKey(running.Id))
        {
            message = $"Container {container.Name} failed startup probe";
            reason = ReasonStartupProbe;
        }
        else
        {
            return null;
        }

        if (pod.Metadata.DeletionTimestamp is not null)
        {
            restart = false;
        }

        if (restart)
        {
            message += ", will be restarted";
        }

        return (new ContainerToKill(running.Id, container.Name, message, reason), restart);
    }
}
