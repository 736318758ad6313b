using k8s.Models;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Kuberuntime;

namespace KubeSharp.Kubelet.Status;

/// <summary>
/// Builds a pod's API status from the runtime's view of it (upstream's generateAPIPodStatus and
/// convertToAPIContainerStatuses): phase, conditions, container statuses, IPs and start time. Pure: the inputs decide it.
/// </summary>
internal static class PodStatusGenerator
{
    public const string ContainerCreating = "ContainerCreating";
    public const string PodInitializing = "PodInitializing";

    /// <param name="applyProbes">Sets each container's ready/started from probe results (the probe manager); when null a
    /// running container counts as started and ready.</param>
    public static V1PodStatus Generate(V1Pod pod, PodRuntimeStatus runtime, ReasonCache reasons, string runtimeName, string nodeIp,
        DateTimeOffset now, bool podIsTerminal, Action<V1PodStatus>? applyProbes)
    {
        var old = pod.Status ?? new V1PodStatus();
        var hasInit = pod.Spec.InitContainers is { Count: > 0 };
        var status = new V1PodStatus
        {
            InitContainerStatuses = hasInit
                ? [.. pod.Spec.InitContainers!.Select(c => ContainerStatus(pod, c, runtime, reasons, runtimeName, isInit: true, hasInit, applyProbes is null))]
                : null,
            ContainerStatuses = [.. (pod.Spec.Containers ?? []).Select(c => ContainerStatus(pod, c, runtime, reasons, runtimeName, isInit: false, hasInit, applyProbes is null))],
            HostIP = nodeIp,
            HostIPs = [new V1HostIP { Ip = nodeIp }],
            StartTime = old.StartTime ?? KubeTime.Seconds(now),
            QosClass = old.QosClass ?? SandboxConfigBuilder.QosClass(pod),
            NominatedNodeName = old.NominatedNodeName,
        };
        applyProbes?.Invoke(status);

        var ips = PodSpecs.HostNetwork(pod) ? (runtime.HasReadySandbox || old.PodIP is not null ? [nodeIp] : []) : runtime.PodIps;
        if (ips.Count > 0)
        {
            status.PodIP = ips[0];
            status.PodIPs = [.. ips.Select(ip => new V1PodIP { Ip = ip })];
        }
        else if (old.PodIP is not null)
        {
            // A stopped sandbox has no IP any more; the pod keeps the one it had.
            status.PodIP = old.PodIP;
            status.PodIPs = old.PodIPs;
        }

        status.Phase = IsTerminalPhase(old.Phase) ? old.Phase
            : PodPhases.GetPhase(pod, status.InitContainerStatuses ?? [], status.ContainerStatuses, podIsTerminal);
        if (IsTerminalPhase(old.Phase))
        {
            status.Reason = old.Reason;
            status.Message = old.Message;
        }

        status.Conditions = Conditions(pod, runtime, status, old, now);
        return status;
    }

    private static bool IsTerminalPhase(string? phase) => PodPhases.IsTerminal(phase);

    private static List<V1PodCondition> Conditions(V1Pod pod, PodRuntimeStatus runtime, V1PodStatus status, V1PodStatus old, DateTimeOffset now)
    {
        var conditions = new List<V1PodCondition>();
        var sandboxReady = runtime.Sandboxes.FirstOrDefault() is { Ready: true } sandbox && (sandbox.HostNetwork || sandbox.Ips.Count > 0);
        conditions.Add(Condition(old, now, "PodReadyToStartContainers", sandboxReady && !PodPhases.IsTerminal(status.Phase), null, null));

        var incomplete = new List<string>();
        foreach (var container in pod.Spec.InitContainers ?? [])
        {
            var s = status.InitContainerStatuses?.FirstOrDefault(x => x.Name == container.Name);
            var done = PodSpecs.IsSidecar(container)
                ? s?.Started == true || s?.State?.Terminated is not null || s?.LastState?.Terminated is not null
                : s?.State?.Terminated?.ExitCode == 0;
            if (!done)
            {
                incomplete.Add(container.Name);
            }
        }

        // A pod whose regular containers already ran was initialized, even if init statuses are gone.
        var initialized = incomplete.Count == 0 || status.ContainerStatuses.Any(c => c.State?.Waiting is null || c.LastState?.Terminated is not null);
        conditions.Add(initialized
            ? Condition(old, now, "Initialized", true, null, null)
            : Condition(old, now, "Initialized", false, "ContainersNotInitialized", $"containers with incomplete status: [{string.Join(" ", incomplete)}]"));

        var unready = (pod.Spec.InitContainers ?? []).Where(PodSpecs.IsSidecar).Select(c => c.Name)
            .Where(n => status.InitContainerStatuses?.FirstOrDefault(s => s.Name == n)?.Ready != true)
            .Concat((pod.Spec.Containers ?? []).Select(c => c.Name).Where(n => status.ContainerStatuses.FirstOrDefault(s => s.Name == n)?.Ready != true))
            .ToList();
        V1PodCondition Readiness(string type) => status.Phase == PodPhases.Succeeded
            ? Condition(old, now, type, false, "PodCompleted", null)
            : unready.Count == 0 && initialized
                ? Condition(old, now, type, true, null, null)
                : Condition(old, now, type, false, "ContainersNotReady", $"containers with unready status: [{string.Join(" ", unready)}]");
        var containersReady = Readiness("ContainersReady");
        conditions.Add(containersReady);
        conditions.Add(containersReady.Status == "True" && ReadinessGatesNotReady(pod, old) is { Count: > 0 } gates
            ? Condition(old, now, "Ready", false, "ReadinessGatesNotReady", string.Join(", ", gates))
            : Readiness("Ready"));
        conditions.Add(old.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled") ?? Condition(old, now, "PodScheduled", true, null, null));
        return conditions;
    }

    /// <summary>
    /// Why the pod's readiness gates hold it back, worded as upstream's GeneratePodReadyCondition: each gate's condition is
    /// set by another component (a load balancer controller, say) in the pod's status, and must be True.
    /// </summary>
    private static List<string> ReadinessGatesNotReady(V1Pod pod, V1PodStatus old)
    {
        var reasons = new List<string>();
        foreach (var gate in pod.Spec.ReadinessGates ?? [])
        {
            var condition = old.Conditions?.FirstOrDefault(c => c.Type == gate.ConditionType);
            if (condition is null)
            {
                reasons.Add($"corresponding condition of pod readiness gate \"{gate.ConditionType}\" does not exist.");
            }
            else if (condition.Status != "True")
            {
                reasons.Add($"the status of pod readiness gate \"{gate.ConditionType}\" is not \"True\", but {condition.Status}");
            }
        }

        return reasons;
    }

    private static V1PodCondition Condition(V1PodStatus old, DateTimeOffset now, string type, bool value, string? reason, string? message)
    {
        var text = value ? "True" : "False";
        var previous = old.Conditions?.FirstOrDefault(c => c.Type == type);
        return new V1PodCondition
        {
            Type = type,
            Status = text,
            Reason = reason,
            Message = message,
            LastTransitionTime = previous?.Status == text && previous.LastTransitionTime is { } t ? t : KubeTime.Seconds(now),
        };
    }

    private static V1ContainerStatus ContainerStatus(V1Pod pod, V1Container container, PodRuntimeStatus runtime, ReasonCache reasons,
        string runtimeName, bool isInit, bool hasInit, bool readyWhenRunning)
    {
        var latest = runtime.Latest(container.Name);
        var status = new V1ContainerStatus
        {
            Name = container.Name,
            Image = container.Image,
            ImageID = latest?.ImageRef ?? "",
            RestartCount = latest?.RestartCount ?? 0,
            ContainerID = latest is null ? null : ContainerIds.Format(runtimeName, latest.Id),
            State = latest is null
                ? Waiting(!isInit && hasInit ? PodInitializing : ContainerCreating, null)
                : State(latest, runtimeName),
            Ready = false,
            Started = latest?.IsRunning == true ? false : null,
        };
        if (runtime.Previous(container.Name) is { State: ContainerState.ContainerExited } previous)
        {
            status.LastState = State(previous, runtimeName);
        }

        if (PodSpecs.ShouldContainerBeRestarted(container, pod, runtime, isInit) && reasons.Get(pod.Metadata.Uid, container.Name) is { } cached)
        {
            if (status.State.Terminated is not null)
            {
                status.LastState = status.State;
            }

            status.State = Waiting(cached.Reason, cached.Message);
        }

        if (isInit && !PodSpecs.IsSidecar(container))
        {
            status.Ready = status.State.Terminated?.ExitCode == 0;
            status.Started = status.State.Running is not null;
        }
        else if (readyWhenRunning)
        {
            status.Ready = status.State.Running is not null;
            status.Started = status.State.Running is not null;
        }

        return status;
    }

    private static V1ContainerState Waiting(string reason, string? message) =>
        new() { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = message } };

    private static V1ContainerState State(RuntimeContainer container, string runtimeName)
    {
        var id = ContainerIds.Format(runtimeName, container.Id);
        return container.State switch
        {
            ContainerState.ContainerRunning => new V1ContainerState
            {
                Running = new V1ContainerStateRunning { StartedAt = container.StartedAt is { } s ? KubeTime.Seconds(s) : null },
            },
            ContainerState.ContainerExited => new V1ContainerState
            {
                Terminated = new V1ContainerStateTerminated
                {
                    ExitCode = container.ExitCode,
                    Reason = container.Reason ?? (container.ExitCode == 0 ? "Completed" : "Error"),
                    Message = container.Message,
                    StartedAt = container.StartedAt is { } s ? KubeTime.Seconds(s) : null,
                    FinishedAt = container.FinishedAt is { } f ? KubeTime.Seconds(f) : null,
                    ContainerID = id,
                },
            },
            ContainerState.ContainerCreated => Waiting(ContainerCreating, null),
            _ => new V1ContainerState
            {
                Terminated = new V1ContainerStateTerminated
                {
                    ExitCode = 137,
                    Reason = "ContainerStatusUnknown",
                    Message = "The container could not be located when the pod was terminated",
                    ContainerID = id,
                },
            },
        };
    }
}
