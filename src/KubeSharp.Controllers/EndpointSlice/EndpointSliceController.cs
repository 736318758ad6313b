using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Endpoints;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.EndpointSlice;

/// <summary>
/// Upstream's endpointslice controller: for each Service with a selector, discovery.k8s.io/v1 EndpointSlices (at most
/// 100 endpoints each, one group of slices per address type and port set) listing the selected pods, owned by the Service.
/// </summary>
internal sealed partial class EndpointSliceController : IController
{
    private const string ZoneLabel = "topology.kubernetes.io/zone";

    private readonly ControllerContext _ctx;
    private readonly SharedInformer<V1Service> _services;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly SharedInformer<V1Node> _nodes;
    private readonly SharedInformer<V1EndpointSlice> _slices;
    private readonly WorkQueue<string> _queue;
    private readonly EndpointSliceTracker _tracker = new();
    private readonly ILogger _logger;

    public EndpointSliceController(ControllerContext ctx)
    {
        _ctx = ctx;
        _logger = ctx.Loggers.CreateLogger<EndpointSliceController>();
        _queue = new WorkQueue<string>(ctx.Time);
        _services = ctx.Informers.Services();
        _pods = ctx.Informers.Pods();
        _nodes = ctx.Informers.Nodes();
        _slices = ctx.Informers.EndpointSlices();
        _services.AddEventHandler(s => _queue.Add(Keys.For(s)), (_, s) => _queue.Add(Keys.For(s)), s => _queue.Add(Keys.For(s)));
        EndpointPods.EnqueueServicesOnPodChanges(_pods, _services.Indexer, _queue);
        _slices.AddEventHandler(OnSlice, (_, s) => OnSlice(s), OnSlice);
    }

    public string Name => "endpointslice-controller";

    public Task RunAsync(CancellationToken cancellationToken) =>
        ControllerLoop.RunWorkersAsync(_queue, _ctx.Options.Workers, SyncAsync, _logger, cancellationToken);

    private void OnSlice(V1EndpointSlice slice)
    {
        if (IsOurs(slice) && slice.Metadata.Labels.TryGetValue(EndpointSliceReconciler.ServiceNameLabel, out var service))
        {
            _queue.Add($"{slice.Metadata.NamespaceProperty}/{service}");
        }
    }

    private static bool IsOurs(V1EndpointSlice slice) =>
        slice.Metadata?.Labels?.TryGetValue(EndpointSliceReconciler.ManagedByLabel, out var by) == true && by == EndpointSliceReconciler.ControllerName;

    internal async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = Keys.Split(key);
        var service = _services.Indexer.GetByKey(key);
        if (_tracker.IsStale(key, _slices.Indexer))
        {
            throw new InvalidOperationException($"The EndpointSlice informer has not yet seen this controller's last writes for Service {key}.");
        }

        var existing = _slices.Indexer.ByIndex(Indexes.Namespace, ns)
            .Where(s => IsOurs(s) && s.Metadata.Labels.TryGetValue(EndpointSliceReconciler.ServiceNameLabel, out var n) && n == name)
            .ToList();
        if (service is null || service.Spec?.Selector is null || service.Spec.Selector.Count == 0 || service.Spec.Type == "ExternalName")
        {
            // Upstream leaves deleted Services' slices to the garbage collector (they are owned); deleting them here is
            // the same end state without depending on it. Selector-less Services' slices belong to the mirroring controller.
            foreach (var slice in existing.Where(s => service is null || s.Metadata.OwnerReferences?.Any(o => o.Uid == service.Metadata.Uid) == true))
            {
                await DeleteAsync(key, slice, cancellationToken).ConfigureAwait(false);
            }

            if (service is null)
            {
                _tracker.Forget(key);
            }

            return;
        }

        // Slices owned by an earlier Service of the same name are replaced, not adopted.
        var stale = existing.Where(s => s.Metadata.OwnerReferences?.Any(o => o.Uid == service.Metadata.Uid) != true).ToList();
        var plan = EndpointSliceReconciler.Plan(service, Desired(service), [.. existing.Except(stale)], _ctx.Time.GetUtcNow());
        plan.Deletes.AddRange(stale);
        foreach (var slice in plan.Creates)
        {
            try
            {
                var created = await _ctx.Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                _tracker.Written(key, created);
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Forbidden)
            {
                // Upstream gives up quietly when the namespace is terminating; the Service goes with it.
                return;
            }
        }

        foreach (var slice in plan.Updates)
        {
            var updated = await _ctx.Client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(slice, slice.Metadata.Name, ns, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            _tracker.Written(key, updated);
        }

        foreach (var slice in plan.Deletes)
        {
            await DeleteAsync(key, slice, cancellationToken).ConfigureAwait(false);
        }

        if (!plan.IsEmpty)
        {
            LogSynced(_logger, key, plan.Creates.Count, plan.Updates.Count, plan.Deletes.Count);
        }
    }

    private async Task DeleteAsync(string serviceKey, V1EndpointSlice slice, CancellationToken cancellationToken)
    {
        try
        {
            await _ctx.Client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(slice.Metadata.Name, slice.Metadata.NamespaceProperty,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
        }

        _tracker.Removed(serviceKey, slice);
    }

    /// <summary>The endpoints each (address type, port set) group should hold, from the pods the Service selects.</summary>
    private List<DesiredEndpoints> Desired(V1Service service)
    {
        var families = service.Spec.IpFamilies is { Count: > 0 } f ? f : ["IPv4"];
        var groups = new Dictionary<string, DesiredEndpoints>(StringComparer.Ordinal);
        foreach (var family in families)
        {
            // An empty group per family so that a Service without pods gets its placeholder of the right address type.
            var key = EndpointSliceReconciler.GroupKey(family, []);
            groups.TryAdd(key, new DesiredEndpoints(family, [], new SortedDictionary<string, V1Endpoint>(StringComparer.Ordinal)));
        }

        foreach (var pod in _pods.Indexer.ByIndex(Indexes.Namespace, service.Metadata.NamespaceProperty ?? ""))
        {
            if (!EndpointPods.Selects(service.Spec.Selector, pod) || !EndpointPods.ShouldBeInEndpoints(pod, includeTerminating: true))
            {
                continue;
            }

            var ports = Ports(service, pod);
            if (ports is null)
            {
                continue;
            }

            foreach (var family in families)
            {
                if (EndpointPods.PodIp(pod, family) is not { } ip)
                {
                    continue;
                }

                var endpoint = ToEndpoint(pod, service, ip);
                var key = EndpointSliceReconciler.GroupKey(family, ports);
                if (!groups.TryGetValue(key, out var group))
                {
                    group = new DesiredEndpoints(family, ports, new SortedDictionary<string, V1Endpoint>(StringComparer.Ordinal));
                    groups[key] = group;
                }

                group.Endpoints[EndpointSliceReconciler.EndpointKey(endpoint)] = endpoint;
            }
        }

        return [.. groups.Values];
    }

    /// <summary>The Service's ports this pod serves (named target ports it lacks are left out); null when a Service with
    /// ports finds none of them on the pod.</summary>
    private static List<Discoveryv1EndpointPort>? Ports(V1Service service, V1Pod pod)
    {
        var result = new List<Discoveryv1EndpointPort>();
        foreach (var servicePort in service.Spec.Ports ?? [])
        {
            if (EndpointPods.FindPort(pod, servicePort) is { } port)
            {
                result.Add(new Discoveryv1EndpointPort { Name = servicePort.Name ?? "", Port = port, Protocol = servicePort.Protocol ?? "TCP", AppProtocol = servicePort.AppProtocol });
            }
        }

        return result.Count == 0 && (service.Spec.Ports?.Count ?? 0) > 0 ? null : [.. result.OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    private V1Endpoint ToEndpoint(V1Pod pod, V1Service service, string ip)
    {
        var serving = EndpointPods.IsReady(pod);
        var terminating = pod.Metadata.DeletionTimestamp is not null;
        var nodeName = string.IsNullOrEmpty(pod.Spec?.NodeName) ? null : pod.Spec.NodeName;
        string? zone = null;
        if (nodeName is not null && _nodes.Indexer.GetByKey(nodeName)?.Metadata?.Labels is { } nodeLabels)
        {
            nodeLabels.TryGetValue(ZoneLabel, out zone);
        }

        return new V1Endpoint
        {
            Addresses = [ip],
            // Upstream never calls a terminating pod ready, unless the Service publishes not-ready addresses.
            Conditions = new V1EndpointConditions
            {
                Ready = service.Spec.PublishNotReadyAddresses == true || (serving && !terminating),
                Serving = serving,
                Terminating = terminating,
            },
            TargetRef = EndpointPods.TargetRef(pod),
            NodeName = nodeName,
            Zone = string.IsNullOrEmpty(zone) ? null : zone,
            Hostname = EndpointPods.ShouldSetHostname(pod, service) ? pod.Spec!.Hostname : null,
        };
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "EndpointSlices of {Key} synced: {Created} created, {Updated} updated, {Deleted} deleted")]
    private static partial void LogSynced(ILogger logger, string key, int created, int updated, int deleted);
}
