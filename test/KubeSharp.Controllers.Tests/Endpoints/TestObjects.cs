using k8s;
using k8s.Models;

namespace KubeSharp.Controllers.Tests.Endpoints;

/// <summary>Pods and Services as a test writes them: pods are created bound and their status is set as a kubelet would.</summary>
internal static class TestObjects
{
    public static async Task<V1Pod> CreateRunningPodAsync(IKubernetes client, string ns, string name, string ip, bool ready,
        IDictionary<string, string>? labels = null, IList<V1ContainerPort>? ports = null, string node = "node-a",
        Action<V1PodSpec>? customize = null)
    {
        var spec = new V1PodSpec
        {
            NodeName = node,
            Containers = [new V1Container { Name = "c", Image = "busybox", Ports = ports }],
        };
        customize?.Invoke(spec);
        var pod = await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels ?? new Dictionary<string, string> { ["app"] = "web" } },
            Spec = spec,
        }, ns);
        return await SetStatusAsync(client, pod, ip, ready);
    }

    public static async Task<V1Pod> SetStatusAsync(IKubernetes client, V1Pod pod, string ip, bool ready)
    {
        var now = DateTime.UtcNow;
        pod.Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = ip,
            PodIPs = [new V1PodIP { Ip = ip }],
            HostIP = "10.0.0.1",
            Conditions =
            [
                new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = now },
                new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = now },
            ],
        };
        return await client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, pod.Metadata.NamespaceProperty);
    }

    public static Task<V1Service> CreateServiceAsync(IKubernetes client, string ns, string name, IList<V1ServicePort>? ports = null,
        bool headless = false, bool publishNotReady = false, IDictionary<string, string>? selector = null, IDictionary<string, string>? labels = null) =>
        client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Spec = new V1ServiceSpec
            {
                Selector = selector ?? new Dictionary<string, string> { ["app"] = "web" },
                Ports = ports ?? [new V1ServicePort { Name = "http", Port = 80, TargetPort = 8080, Protocol = "TCP" }],
                ClusterIP = headless ? "None" : null,
                PublishNotReadyAddresses = publishNotReady ? true : null,
            },
        }, ns);
}
