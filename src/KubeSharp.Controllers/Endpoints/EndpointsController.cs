using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.Endpoints;

/// <summary>
/// Upstream's endpoints controller: keeps the core/v1 Endpoints object named after each Service with a selector in step with
/// the pods it selects. Services without a selector (and ExternalName ones) are left alone; their Endpoints belong to users.
/// </summary>
internal sealed partial class EndpointsController : IController
{
    public const string LastChangeTriggerTime = "endpoints.kubernetes.io/last-change-trigger-time";
    public const string OverCapacity = "endpoints.kubernetes.io/over-capacity";
    public const string Headless = "service.kubernetes.io/headless";

    /// <summary>Upstream truncates Endpoints to 1000 addresses and marks them; EndpointSlices carry the full set.</summary>
    private const int MaxAddresses = 1000;

    private readonly ControllerContext _ctx;
    private readonly SharedInformer<V1Service> _services;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly SharedInformer<V1Endpoints> _endpoints;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;

    public EndpointsController(ControllerContext ctx)
    {
        _ctx = ctx;
        _logger = ctx.Loggers.CreateLogger<EndpointsController>();
        _queue = new WorkQueue<string>(ctx.Time);
        _services = ctx.Informers.Services();
        _pods = ctx.Informers.Pods();
        _endpoints = ctx.Informers.Endpoints();
        _services.AddEventHandler(s => _queue.Add(Keys.For(s)), (_, s) => _queue.Add(Keys.For(s)), s => _queue.Add(Keys.For(s)));
        EndpointPods.EnqueueServicesOnPodChanges(_pods, _services.Indexer, _queue);
        // Someone deleting a managed Endpoints object gets it back.
        _endpoints.AddEventHandler(null, null, e => _queue.Add(Keys.For(e)));
    }

    public string Name => "endpoints-controller";

    public Task RunAsync(CancellationToken cancellationToken) =>
        ControllerLoop.RunWorkersAsync(_queue, _ctx.Options.Workers, SyncAsync, _logger, cancellationToken);

    internal async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = Keys.Split(key);
        var service = _services.Indexer.GetByKey(key);
        if (service is null)
        {
            await DeleteEndpointsAsync(ns, name, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (service.Spec?.Selector is null || service.Spec.Selector.Count == 0 || service.Spec.Type == "ExternalName")
        {
            return;
        }

        var subsets = EndpointSubsets.Repack(Entries(service));
        var total = subsets.Sum(s => (s.Addresses?.Count ?? 0) + (s.NotReadyAddresses?.Count ?? 0));
        var overCapacity = total > MaxAddresses;
        if (overCapacity)
        {
            subsets = Truncate(subsets);
        }

        var labels = DesiredLabels(service);
        var current = _endpoints.Indexer.GetByKey(key);
        var subsetsChanged = current is null || !SameJson(current.Subsets ?? [], subsets);
        var capacityRight = (current?.Metadata?.Annotations?.ContainsKey(OverCapacity) ?? false) == overCapacity;
        if (current is not null && !subsetsChanged && capacityRight && SameLabels(current.Metadata?.Labels, labels))
        {
            return;
        }

        var annotations = new Dictionary<string, string>(current?.Metadata?.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (subsetsChanged)
        {
            annotations[LastChangeTriggerTime] = _ctx.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        }

        if (overCapacity)
        {
            annotations[OverCapacity] = "truncated";
        }
        else
        {
            annotations.Remove(OverCapacity);
        }

        var desired = new V1Endpoints
        {
            ApiVersion = "v1",
            Kind = "Endpoints",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                Labels = labels,
                Annotations = annotations.Count == 0 ? null : annotations,
                ResourceVersion = current?.Metadata?.ResourceVersion,
            },
            Subsets = subsets,
        };
        if (current is null)
        {
            try
            {
                await _ctx.Client.CoreV1.CreateNamespacedEndpointsAsync(desired, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (ApiErrors.IsNamespaceTerminating(e))
            {
                // The namespace is going away together with the Service: nothing to keep in step.
            }
        }
        else
        {
            // Keep what others set on the object (finalizers, owner references, foreign labels are replaced as upstream does).
            desired.Metadata.Finalizers = current.Metadata?.Finalizers;
            desired.Metadata.OwnerReferences = current.Metadata?.OwnerReferences;
            await _ctx.Client.CoreV1.ReplaceNamespacedEndpointsAsync(desired, name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        LogSynced(_logger, key, total);
    }

    private IEnumerable<EndpointAddressEntry> Entries(V1Service service)
    {
        var publishNotReady = service.Spec.PublishNotReadyAddresses == true;
        var family = EndpointPods.Family(service);
        var headless = service.Spec.ClusterIP == "None";
        foreach (var pod in _pods.Indexer.ByIndex(Indexes.Namespace, service.Metadata.NamespaceProperty ?? ""))
        {
            if (!EndpointPods.Selects(service.Spec.Selector, pod) || !EndpointPods.ShouldBeInEndpoints(pod, publishNotReady)
                || EndpointPods.PodIp(pod, family) is not { } ip)
            {
                continue;
            }

            var address = new V1EndpointAddress
            {
                Ip = ip,
                NodeName = string.IsNullOrEmpty(pod.Spec?.NodeName) ? null : pod.Spec.NodeName,
                TargetRef = EndpointPods.TargetRef(pod),
                Hostname = EndpointPods.ShouldSetHostname(pod, service) ? pod.Spec!.Hostname : null,
            };
            var ready = publishNotReady || EndpointPods.IsReady(pod);
            var servicePorts = service.Spec.Ports ?? [];
            if (servicePorts.Count == 0)
            {
                // Only headless Services may have no ports; their pods are still listed (for DNS), without ports.
                if (headless)
                {
                    yield return new EndpointAddressEntry(address, ready, []);
                }

                continue;
            }

            foreach (var servicePort in servicePorts)
            {
                if (EndpointPods.FindPort(pod, servicePort) is not { } port)
                {
                    continue;
                }

                yield return new EndpointAddressEntry(address, ready,
                [
                    new Corev1EndpointPort { Name = servicePort.Name, Port = port, Protocol = servicePort.Protocol ?? "TCP", AppProtocol = servicePort.AppProtocol },
                ]);
            }
        }
    }

    private static List<V1EndpointSubset> Truncate(List<V1EndpointSubset> subsets)
    {
        var left = MaxAddresses;
        var result = new List<V1EndpointSubset>();
        foreach (var subset in subsets)
        {
            var ready = subset.Addresses?.Take(left).ToList() ?? [];
            left -= ready.Count;
            var notReady = subset.NotReadyAddresses?.Take(left).ToList() ?? [];
            left -= notReady.Count;
            if (ready.Count + notReady.Count > 0)
            {
                result.Add(new V1EndpointSubset { Addresses = ready.Count == 0 ? null : ready, NotReadyAddresses = notReady.Count == 0 ? null : notReady, Ports = subset.Ports });
            }
        }

        return result;
    }

    private static Dictionary<string, string>? DesiredLabels(V1Service service)
    {
        var labels = new Dictionary<string, string>(service.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (service.Spec?.ClusterIP == "None")
        {
            labels[Headless] = "";
        }
        else
        {
            labels.Remove(Headless);
        }

        return labels.Count == 0 ? null : labels;
    }

    private static bool SameLabels(IDictionary<string, string>? a, IDictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(kv => b!.TryGetValue(kv.Key, out var v) && v == kv.Value));

    internal static bool SameJson<T>(T a, T b) => KubernetesJson.Serialize(a) == KubernetesJson.Serialize(b);

    private async Task DeleteEndpointsAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            await _ctx.Client.CoreV1.DeleteNamespacedEndpointsAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Endpoints {Key} synced with {Addresses} addresses")]
    private static partial void LogSynced(ILogger logger, string key, int addresses);
}
