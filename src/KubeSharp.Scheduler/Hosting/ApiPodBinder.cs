using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using System.Net;

namespace KubeSharp.Scheduler.Hosting;

/// <summary>The scheduler's writes, through the API as upstream's: pods/binding, victim deletion, FailedScheduling events and the PodScheduled condition.</summary>
internal sealed class ApiPodBinder(IKubernetes client, EventRecorder events, TimeProvider time) : IPodBinder
{
    public async Task BindAsync(V1Pod pod, string nodeName, CancellationToken ct)
    {
        var binding = new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty, Uid = pod.Metadata.Uid },
            Target = new V1ObjectReference { Kind = "Node", Name = nodeName, ApiVersion = "v1" },
        };
        await client.CoreV1.CreateNamespacedPodBindingAsync(binding, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct)
            .ConfigureAwait(false);
        events.Event(pod, EventRecorder.Normal, "Scheduled", $"Successfully assigned {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} to {nodeName}");
    }

    public async Task DeletePodAsync(V1Pod victim, CancellationToken ct)
    {
        events.Event(victim, EventRecorder.Normal, "Preempted", "Preempted by a pod with higher priority");
        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(victim.Metadata.Name, victim.Metadata.NamespaceProperty,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = victim.Metadata.Uid } }, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Already gone, or replaced by a new pod of the same name.
        }
    }

    public async Task RecordFailureAsync(V1Pod pod, string message, string? nominatedNodeName, CancellationToken ct)
    {
        events.Event(pod, EventRecorder.Warning, "FailedScheduling", message);
        var now = time.GetUtcNow().UtcDateTime;
        var status = new Dictionary<string, object?>
        {
            ["conditions"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["type"] = "PodScheduled", ["status"] = "False", ["reason"] = "Unschedulable", ["message"] = message,
                    ["lastProbeTime"] = null, ["lastTransitionTime"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                },
            },
        };
        if (nominatedNodeName is not null)
        {
            status["nominatedNodeName"] = nominatedNodeName.Length == 0 ? null : nominatedNodeName;
        }

        try
        {
            // A strategic merge patch merges the condition by type, as upstream's scheduler does.
            await client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(new Dictionary<string, object> { ["status"] = status }, V1Patch.PatchType.StrategicMergePatch),
                pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // The pod went away meanwhile.
        }
    }
}
