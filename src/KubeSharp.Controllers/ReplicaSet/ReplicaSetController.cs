using System.Net;
using k8s;
using k8s.Models;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.ReplicaSet;

/// <summary>Keeps each ReplicaSet's pods at spec.replicas (upstream controller "replicaset").</summary>
internal sealed class ReplicaSetController(ControllerContext context)
    : ReplicaControllerBase<V1ReplicaSet>(context, context.Informers.ReplicaSets(), "apps/v1", "ReplicaSet",
        context.Loggers.CreateLogger<ReplicaSetController>())
{
    private readonly IKubernetes _client = context.Client;

    public override string Name => "replicaset";

    protected override V1ReplicaSet AsReplicaSet(V1ReplicaSet owner) => owner;

    protected override async Task WriteStatusAsync(V1ReplicaSet owner, V1ReplicaSetStatus status, CancellationToken cancellationToken)
    {
        var copy = ModelCopy.Clone(owner);
        copy.Status = status;
        await _client.AppsV1.ReplaceNamespacedReplicaSetStatusAsync(copy, owner.Metadata.Name, owner.Metadata.NamespaceProperty,
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<V1ReplicaSet?> GetLiveAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.AppsV1.ReadNamespacedReplicaSetAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            return null;
        }
    }
}
