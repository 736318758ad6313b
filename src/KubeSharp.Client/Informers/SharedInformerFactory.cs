using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Client;

/// <summary>
/// One informer per resource for the whole process: every caller asking for pods gets the same informer, so one list+watch
/// feeds all controllers. <see cref="StartAsync"/> starts the informers created so far (call it again after creating more).
/// </summary>
public sealed class SharedInformerFactory
{
    private readonly IKubernetes _client;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly TimeSpan _resync;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IRunnableInformer> _informers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> _running = new(StringComparer.Ordinal);

    public SharedInformerFactory(IKubernetes client, TimeProvider time, ILoggerFactory loggers, TimeSpan resync)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggers);
        _client = client;
        _time = time;
        _loggers = loggers;
        _resync = resync;
    }

    public SharedInformer<V1Pod> Pods() => For<V1Pod, V1PodList>("", "v1", "pods");

    public SharedInformer<V1Node> Nodes() => For<V1Node, V1NodeList>("", "v1", "nodes");

    public SharedInformer<V1Namespace> Namespaces() => For<V1Namespace, V1NamespaceList>("", "v1", "namespaces");

    public SharedInformer<V1Service> Services() => For<V1Service, V1ServiceList>("", "v1", "services");

    public SharedInformer<V1Endpoints> Endpoints() => For<V1Endpoints, V1EndpointsList>("", "v1", "endpoints");

    public SharedInformer<V1EndpointSlice> EndpointSlices() => For<V1EndpointSlice, V1EndpointSliceList>("discovery.k8s.io", "v1", "endpointslices");

    public SharedInformer<V1ConfigMap> ConfigMaps() => For<V1ConfigMap, V1ConfigMapList>("", "v1", "configmaps");

    public SharedInformer<V1ServiceAccount> ServiceAccounts() => For<V1ServiceAccount, V1ServiceAccountList>("", "v1", "serviceaccounts");

    public SharedInformer<V1Deployment> Deployments() => For<V1Deployment, V1DeploymentList>("apps", "v1", "deployments");

    public SharedInformer<V1ReplicaSet> ReplicaSets() => For<V1ReplicaSet, V1ReplicaSetList>("apps", "v1", "replicasets");

    public SharedInformer<V1StatefulSet> StatefulSets() => For<V1StatefulSet, V1StatefulSetList>("apps", "v1", "statefulsets");

    public SharedInformer<V1DaemonSet> DaemonSets() => For<V1DaemonSet, V1DaemonSetList>("apps", "v1", "daemonsets");

    public SharedInformer<V1ControllerRevision> ControllerRevisions() => For<V1ControllerRevision, V1ControllerRevisionList>("apps", "v1", "controllerrevisions");

    public SharedInformer<V1Job> Jobs() => For<V1Job, V1JobList>("batch", "v1", "jobs");

    public SharedInformer<V1CronJob> CronJobs() => For<V1CronJob, V1CronJobList>("batch", "v1", "cronjobs");

    public SharedInformer<V1PersistentVolumeClaim> PersistentVolumeClaims() =>
        For<V1PersistentVolumeClaim, V1PersistentVolumeClaimList>("", "v1", "persistentvolumeclaims");

    public SharedInformer<V1PodDisruptionBudget> PodDisruptionBudgets() =>
        For<V1PodDisruptionBudget, V1PodDisruptionBudgetList>("policy", "v1", "poddisruptionbudgets");

    /// <summary>Leases in <paramref name="ns"/>, or in all namespaces when null.</summary>
    public SharedInformer<V1Lease> Leases(string? ns) => For<V1Lease, V1LeaseList>("coordination.k8s.io", "v1", "leases", ns);

    public SharedInformer<V1PriorityClass> PriorityClasses() => For<V1PriorityClass, V1PriorityClassList>("scheduling.k8s.io", "v1", "priorityclasses");

    /// <summary>The shared informer of any resource (all namespaces unless <paramref name="namespace"/> is given).</summary>
    public SharedInformer<T> For<T, TList>(string group, string version, string plural, string? @namespace = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IItems<T>, IMetadata<V1ListMeta>
    {
        var key = $"{group}/{version}/{plural}/{@namespace}";
        lock (_lock)
        {
            if (_informers.TryGetValue(key, out var existing))
            {
                return existing as SharedInformer<T>
                    ?? throw new InvalidOperationException($"The informer for {key} was created for another type than {typeof(T).Name}.");
            }

            var listWatch = ListWatch.For<T, TList>(_client, group, version, plural, @namespace);
            var logger = _loggers.CreateLogger($"KubeSharp.Client.SharedInformer.{plural}");
            var informer = new SharedInformer<T>(listWatch, _time, logger, _resync);
            _informers[key] = informer;
            return informer;
        }
    }

    /// <summary>Starts every informer created so far that is not running yet; they run until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var (key, informer) in _informers)
            {
                if (!_running.ContainsKey(key))
                {
                    _running[key] = Task.Run(() => informer.RunAsync(cancellationToken), CancellationToken.None);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits until every started informer has synced.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken)
    {
        IRunnableInformer[] started;
        lock (_lock)
        {
            started = [.. _running.Keys.Select(k => _informers[k])];
        }

        return Task.WhenAll(started.Select(i => i.WaitForSyncAsync(cancellationToken)));
    }

    /// <summary>Completes when every started informer has stopped (after the start token was cancelled).</summary>
    public Task WhenStoppedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.WhenAll(_running.Values).WaitAsync(cancellationToken);
        }
    }
}
