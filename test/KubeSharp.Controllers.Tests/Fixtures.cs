using k8s.Models;
using KubeSharp.Controllers.Common;

namespace KubeSharp.Controllers.Tests;

/// <summary>Builders of typed objects for the planners' table tests.</summary>
internal static class Fixtures
{
    public static readonly DateTimeOffset Now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    public static V1PodTemplateSpec Template(string image, IDictionary<string, string>? labels = null)
        => new()
        {
            Metadata = new V1ObjectMeta { Labels = labels ?? new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = image }] },
        };

    public static V1Pod Pod(
        string name,
        string? node = "node-a",
        string phase = "Running",
        bool ready = true,
        DateTimeOffset? readySince = null,
        DateTimeOffset? created = null,
        int restarts = 0,
        V1OwnerReference? owner = null,
        IDictionary<string, string>? labels = null)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = "default",
                Uid = "uid-" + name,
                Labels = labels ?? new Dictionary<string, string> { ["app"] = "web" },
                CreationTimestamp = PodUtil.ToModelTime(created ?? Now.AddHours(-1)),
                OwnerReferences = owner is null ? null : [owner],
            },
            Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "c", Image = "img" }] },
            Status = new V1PodStatus
            {
                Phase = phase,
                Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = PodUtil.ToModelTime(readySince ?? Now.AddHours(-1)) }],
                ContainerStatuses = [new V1ContainerStatus { Name = "c", RestartCount = restarts, Ready = ready, Image = "img", ImageID = string.Empty }],
            },
        };
        return pod;
    }

    public static V1ReplicaSet NewReplicaSet(string name, int replicas, V1PodTemplateSpec? template = null, string? uid = null)
        => new()
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = "default",
                Uid = uid ?? "uid-" + name,
                Generation = 1,
                CreationTimestamp = PodUtil.ToModelTime(Now.AddHours(-2)),
            },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = template ?? Template("nginx:1"),
            },
            Status = new V1ReplicaSetStatus(),
        };
}
