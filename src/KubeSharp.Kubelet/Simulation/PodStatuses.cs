using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Kubelet.Status;

namespace KubeSharp.Kubelet.Simulation;

/// <summary>
/// Merge patches for pods/status that tell the story a kubelet would: started and ready, or run to completion.
/// Merge patch replaces lists, so every list is sent whole. The patch carries metadata.uid so it cannot land on a
/// pod of the same name created after this one was deleted (the kubelet's status manager does the same).
/// </summary>
internal static class PodStatuses
{
    public static string Running(V1Pod pod, SimulatedNode node, string podIp, DateTimeOffset startTime, DateTimeOffset now)
    {
        var started = KubeTime.Time(startTime);
        var transition = KubeTime.Time(now);
        var status = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(
                Condition("PodReadyToStartContainers", "True", transition),
                Condition("Initialized", "True", transition),
                Condition("Ready", "True", transition),
                Condition("ContainersReady", "True", transition),
                Condition("PodScheduled", "True", transition)),
            ["hostIP"] = node.InternalIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = node.InternalIp }),
            ["podIP"] = podIp,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp }),
            ["startTime"] = started,
            ["qosClass"] = pod.Status?.QosClass is { } qos ? qos : null,
            ["initContainerStatuses"] = InitContainers(pod, started),
            ["containerStatuses"] = Containers(pod, c => new JsonObject
            {
                ["running"] = new JsonObject { ["startedAt"] = started },
            }, ready: true),
        };
        return Patch(pod, status);
    }

    public static string Succeeded(V1Pod pod, SimulatedNode node, string podIp, DateTimeOffset startTime, DateTimeOffset now)
    {
        var started = KubeTime.Time(startTime);
        var finished = KubeTime.Time(now);
        var status = new JsonObject
        {
            ["phase"] = "Succeeded",
            ["conditions"] = new JsonArray(
                Condition("PodReadyToStartContainers", "False", finished),
                Condition("Initialized", "True", started),
                Condition("Ready", "False", finished, "PodCompleted"),
                Condition("ContainersReady", "False", finished, "PodCompleted"),
                Condition("PodScheduled", "True", started)),
            ["hostIP"] = node.InternalIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = node.InternalIp }),
            ["podIP"] = podIp,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp }),
            ["startTime"] = started,
            ["qosClass"] = pod.Status?.QosClass is { } qos ? qos : null,
            ["initContainerStatuses"] = InitContainers(pod, started),
            ["containerStatuses"] = Containers(pod, c => Terminated(started, finished), ready: false),
        };
        return Patch(pod, status);
    }

    private static string Patch(V1Pod pod, JsonObject status)
    {
        if (status["qosClass"] is null)
        {
            status.Remove("qosClass");
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["uid"] = pod.Metadata.Uid },
            ["status"] = status,
        }.ToJsonString();
    }

    private static JsonObject Condition(string type, string status, string transition, string? reason = null)
    {
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = transition,
        };
        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        return condition;
    }

    private static JsonArray Containers(V1Pod pod, Func<V1Container, JsonObject> state, bool ready)
    {
        var statuses = new JsonArray();
        foreach (var c in pod.Spec.Containers ?? [])
        {
            statuses.Add(ContainerStatus(pod, c, state(c), ready, started: ready));
        }

        return statuses;
    }

    /// <summary>Ordinary init containers have run to completion; sidecars (restartPolicy Always) keep running.</summary>
    private static JsonArray? InitContainers(V1Pod pod, string started)
    {
        if (pod.Spec.InitContainers is not { Count: > 0 } init)
        {
            return null;
        }

        var statuses = new JsonArray();
        foreach (var c in init)
        {
            var sidecar = c.RestartPolicy == "Always";
            var state = sidecar ? new JsonObject { ["running"] = new JsonObject { ["startedAt"] = started } } : Terminated(started, started);
            statuses.Add(ContainerStatus(pod, c, state, ready: sidecar, started: sidecar));
        }

        return statuses;
    }

    private static JsonObject Terminated(string started, string finished) => new()
    {
        ["terminated"] = new JsonObject
        {
            ["exitCode"] = 0,
            ["reason"] = "Completed",
            ["startedAt"] = started,
            ["finishedAt"] = finished,
        },
    };

    private static JsonObject ContainerStatus(V1Pod pod, V1Container c, JsonObject state, bool ready, bool started) => new()
    {
        ["name"] = c.Name,
        ["state"] = state,
        ["ready"] = ready,
        ["started"] = started,
        ["restartCount"] = 0,
        ["image"] = c.Image,
        ["imageID"] = "simulated://" + c.Image,
        ["containerID"] = $"simulated://{pod.Metadata.Uid}/{c.Name}",
    };
}
