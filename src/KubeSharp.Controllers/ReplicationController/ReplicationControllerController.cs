using System.Net;
using k8s;
using k8s.Models;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.ReplicaSet;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.ReplicationController;

/// <summary>
/// Keeps each core/v1 ReplicationController's pods at spec.replicas (upstream controller "replicationcontroller", the
/// ReplicaSet logic behind a conversion; pods get controller references of kind ReplicationController, apiVersion v1).
/// </summary>
internal sealed class ReplicationControllerController(ControllerContext context)
    : ReplicaControllerBase<V1ReplicationController>(context,
        context.Informers.For<V1ReplicationController, V1ReplicationControllerList>("", "v1", "replicationcontrollers"), "v1",
        "ReplicationController", context.Loggers.CreateLogger<ReplicationControllerController>())
{
    private readonly IKubernetes _client = context.Client;

    public override string Name => "replicationcontroller";

    protected override V1ReplicaSet AsReplicaSet(V1ReplicationController owner) => ReplicationControllerConversion.ToReplicaSet(owner);

    protected override async Task WriteStatusAsync(V1ReplicationController owner, V1ReplicaSetStatus status, CancellationToken cancellationToken)
    {
        var copy = ModelCopy.Clone(owner);
        copy.Status = ReplicationControllerConversion.ToReplicationControllerStatus(status);
        await _client.CoreV1.ReplaceNamespacedReplicationControllerStatusAsync(copy, owner.Metadata.Name, owner.Metadata.NamespaceProperty,
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<V1ReplicationController?> GetLiveAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.CoreV1.ReadNamespacedReplicationControllerAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            return null;
        }
    }
}
