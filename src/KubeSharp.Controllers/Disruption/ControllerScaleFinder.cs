using k8s.Models;
using KubeSharp.Client;

namespace KubeSharp.Controllers.Disruption;

/// <summary>
/// Finds the workload behind a pod's controller reference and its spec.replicas, from the informers' caches (upstream's
/// finders): a ReplicaSet owned by a Deployment counts as the Deployment; ReplicationControllers and StatefulSets as themselves.
/// </summary>
internal sealed class ControllerScaleFinder(Indexer<V1ReplicaSet> replicaSets, Indexer<V1Deployment> deployments, Indexer<V1StatefulSet> statefulSets,
    Indexer<V1ReplicationController> replicationControllers)
{
    public ControllerScale? Find(V1OwnerReference owner, string ns)
    {
        var group = Group(owner.ApiVersion);
        switch (owner.Kind)
        {
            case "ReplicaSet" when group is "apps" or "extensions":
                {
                    var rs = replicaSets.GetByKey($"{ns}/{owner.Name}");
                    if (rs is null || rs.Metadata.Uid != owner.Uid)
                    {
                        return null;
                    }

                    var rsOwner = rs.Metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
                    if (rsOwner is { Kind: "Deployment" } && Group(rsOwner.ApiVersion) is "apps" or "extensions")
                    {
                        var deployment = deployments.GetByKey($"{ns}/{rsOwner.Name}");
                        return deployment is null || deployment.Metadata.Uid != rsOwner.Uid
                            ? null
                            : new ControllerScale(deployment.Metadata.Uid, deployment.Spec?.Replicas ?? 1);
                    }

                    return rsOwner is { Kind: "Deployment" } ? null : new ControllerScale(rs.Metadata.Uid, rs.Spec?.Replicas ?? 1);
                }

            case "StatefulSet" when group == "apps":
                {
                    var sts = statefulSets.GetByKey($"{ns}/{owner.Name}");
                    return sts is null || sts.Metadata.Uid != owner.Uid ? null : new ControllerScale(sts.Metadata.Uid, sts.Spec?.Replicas ?? 1);
                }

            case "ReplicationController" when group == "":
                {
                    var rc = replicationControllers.GetByKey($"{ns}/{owner.Name}");
                    return rc is null || rc.Metadata.Uid != owner.Uid ? null : new ControllerScale(rc.Metadata.Uid, rc.Spec?.Replicas ?? 1);
                }

            default:
                return null;
        }
    }

    private static string Group(string? apiVersion)
    {
        var slash = apiVersion?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash < 0 ? "" : apiVersion![..slash];
    }
}
