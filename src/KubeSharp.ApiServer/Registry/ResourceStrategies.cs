using KubeSharp.ApiServer.Registry.Strategies.ConfigMaps;
using KubeSharp.ApiServer.Registry.Strategies.CronJobs;
using KubeSharp.ApiServer.Registry.Strategies.DaemonSets;
using KubeSharp.ApiServer.Registry.Strategies.Deployments;
using KubeSharp.ApiServer.Registry.Strategies.IngressClasses;
using KubeSharp.ApiServer.Registry.Strategies.Ingresses;
using KubeSharp.ApiServer.Registry.Strategies.Jobs;
using KubeSharp.ApiServer.Registry.Strategies.Namespaces;
using KubeSharp.ApiServer.Registry.Strategies.Nodes;
using KubeSharp.ApiServer.Registry.Strategies.PersistentVolumeClaims;
using KubeSharp.ApiServer.Registry.Strategies.PersistentVolumes;
using KubeSharp.ApiServer.Registry.Strategies.Pods;
using KubeSharp.ApiServer.Registry.Strategies.ReplicaSets;
using KubeSharp.ApiServer.Registry.Strategies.ReplicationControllers;
using KubeSharp.ApiServer.Registry.Strategies.Secrets;
using KubeSharp.ApiServer.Registry.Strategies.Services;
using KubeSharp.ApiServer.Registry.Strategies.StatefulSets;
using KubeSharp.ApiServer.Registry.Strategies.StorageClasses;

namespace KubeSharp.ApiServer.Registry;

/// <summary>Finds the strategy for a resource; resources without special rules get <see cref="ResourceStrategy.Default"/>.</summary>
internal static class ResourceStrategies
{
    public static ResourceStrategy For(ResourceInfo resource) => (resource.Group, resource.Plural) switch
    {
        ("", "namespaces") => NamespaceStrategy.Instance,
        ("", "nodes") => NodeStrategy.Instance,
        ("", "pods") => PodStrategy.Instance,
        ("", "configmaps") => ConfigMapStrategy.Instance,
        ("", "secrets") => SecretStrategy.Instance,
        ("", "services") => ServiceStrategy.Instance,
        ("", "replicationcontrollers") => ReplicationControllerStrategy.Instance,
        ("apps", "deployments") => DeploymentStrategy.Instance,
        ("apps", "replicasets") => ReplicaSetStrategy.Instance,
        ("apps", "statefulsets") => StatefulSetStrategy.Instance,
        ("apps", "daemonsets") => DaemonSetStrategy.Instance,
        ("batch", "jobs") => JobStrategy.Instance,
        ("batch", "cronjobs") => CronJobStrategy.Instance,
        ("", "persistentvolumes") => PersistentVolumeStrategy.Instance,
        ("", "persistentvolumeclaims") => PersistentVolumeClaimStrategy.Instance,
        ("networking.k8s.io", "ingresses") => IngressStrategy.Instance,
        ("networking.k8s.io", "ingressclasses") => IngressClassStrategy.Instance,
        ("storage.k8s.io", "storageclasses") => StorageClassStrategy.Instance,
        _ => ResourceStrategy.Default,
    };
}
