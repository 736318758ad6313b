using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Kubelet.Status;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>A node's heartbeat Lease in kube-node-lease (upstream's nodelease controller objects).</summary>
internal static class NodeLeases
{
    public const string Namespace = "kube-node-lease";
    public const int DurationSeconds = 40;

    public static V1Lease Lease(string nodeName, string? nodeUid, DateTimeOffset now) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta
        {
            Name = nodeName,
            NamespaceProperty = Namespace,
            OwnerReferences = nodeUid is null ? null :
                [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = nodeName, Uid = nodeUid }],
        },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = nodeName,
            LeaseDurationSeconds = DurationSeconds,
            RenewTime = now.UtcDateTime,
        },
    };

    public static string RenewPatch(string nodeName, DateTimeOffset now) => new JsonObject
    {
        ["spec"] = new JsonObject
        {
            ["holderIdentity"] = nodeName,
            ["leaseDurationSeconds"] = DurationSeconds,
            ["renewTime"] = KubeTime.MicroTime(now),
        },
    }.ToJsonString();
}
