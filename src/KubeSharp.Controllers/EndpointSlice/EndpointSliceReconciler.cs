using System.Globalization;
using k8s;
using k8s.Models;

namespace KubeSharp.Controllers.EndpointSlice;

/// <summary>
/// Upstream's endpointslice reconciler, reduced to a pure function: existing slices are kept and updated in place where they
/// still fit (endpoints that stay are not moved), emptied slices are deleted, new endpoints fill slices that are being
/// updated anyway before new slices are created, and a Service without endpoints keeps one empty placeholder slice.
/// </summary>
internal static class EndpointSliceReconciler
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ControllerName = "endpointslice-controller.k8s.io";
    public const string LastChangeTriggerTime = "endpoints.kubernetes.io/last-change-trigger-time";
    public const string Headless = "service.kubernetes.io/headless";
    public const int MaxEndpointsPerSlice = 100;

    public static SlicePlan Plan(V1Service service, IReadOnlyList<DesiredEndpoints> desired, IReadOnlyList<V1EndpointSlice> existing, DateTimeOffset now)
    {
        var plan = new SlicePlan([], [], []);
        var labels = Labels(service);
        var stamp = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        var groups = existing.GroupBy(s => GroupKey(s.AddressType, s.Ports)).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var wanted = desired.Where(d => d.Endpoints.Count > 0).ToDictionary(d => GroupKey(d.AddressType, d.Ports), StringComparer.Ordinal);

        foreach (var (key, slices) in groups)
        {
            if (!wanted.ContainsKey(key))
            {
                plan.Deletes.AddRange(slices);
            }
        }

        foreach (var (key, group) in wanted)
        {
            var remaining = new SortedDictionary<string, V1Endpoint>(group.Endpoints, StringComparer.Ordinal);
            var updating = new List<V1EndpointSlice>();
            var unchanged = new List<V1EndpointSlice>();
            foreach (var slice in groups.GetValueOrDefault(key) ?? [])
            {
                var kept = new List<V1Endpoint>();
                var changed = false;
                foreach (var endpoint in slice.Endpoints ?? [])
                {
                    if (remaining.Remove(EndpointKey(endpoint), out var want))
                    {
                        changed |= !Same(endpoint, want);
                        kept.Add(want);
                    }
                    else
                    {
                        changed = true;
                    }
                }

                if (kept.Count == 0)
                {
                    plan.Deletes.Add(slice);
                }
                else if (changed)
                {
                    var copy = Copy(slice);
                    copy.Endpoints = kept;
                    SetMetadata(copy, service, labels, stamp);
                    updating.Add(copy);
                }
                else
                {
                    unchanged.Add(slice);
                }
            }

            // New endpoints go first into slices written anyway, then into one unchanged slice with room, then into new slices.
            foreach (var slice in updating)
            {
                Fill(slice.Endpoints, remaining);
            }

            if (remaining.Count > 0 && unchanged.Where(s => s.Endpoints.Count < MaxEndpointsPerSlice).MaxBy(s => s.Endpoints.Count) is { } roomy)
            {
                unchanged.Remove(roomy);
                var copy = Copy(roomy);
                SetMetadata(copy, service, labels, stamp);
                Fill(copy.Endpoints, remaining);
                updating.Add(copy);
            }

            while (remaining.Count > 0)
            {
                var slice = New(service, group.AddressType, group.Ports, labels, stamp);
                Fill(slice.Endpoints, remaining);
                plan.Creates.Add(slice);
            }

            plan.Updates.AddRange(updating);
            foreach (var slice in unchanged.Where(s => !MetadataCorrect(s, service, labels)))
            {
                var copy = Copy(slice);
                SetMetadata(copy, service, labels, annotationStamp: null);
                plan.Updates.Add(copy);
            }
        }

        if (wanted.Count == 0)
        {
            KeepPlaceholder(plan, service, desired.FirstOrDefault()?.AddressType ?? "IPv4", labels, stamp);
        }

        return plan;
    }

    /// <summary>A Service without endpoints still has one slice (no endpoints, no ports), so that consumers can tell
    /// "no endpoints" from "not processed yet"; an existing slice is reused rather than deleted and recreated.</summary>
    private static void KeepPlaceholder(SlicePlan plan, V1Service service, string addressType, Dictionary<string, string> labels, string stamp)
    {
        var placeholder = plan.Deletes.FirstOrDefault(s => (s.Endpoints?.Count ?? 0) == 0 && (s.Ports?.Count ?? 0) == 0 && s.AddressType == addressType);
        if (placeholder is not null)
        {
            plan.Deletes.Remove(placeholder);
            if (!MetadataCorrect(placeholder, service, labels))
            {
                var copy = Copy(placeholder);
                SetMetadata(copy, service, labels, annotationStamp: null);
                plan.Updates.Add(copy);
            }

            return;
        }

        if (plan.Deletes.FirstOrDefault() is { } reuse)
        {
            plan.Deletes.Remove(reuse);
            var copy = Copy(reuse);
            copy.AddressType = addressType;
            copy.Endpoints = [];
            copy.Ports = [];
            SetMetadata(copy, service, labels, stamp);
            plan.Updates.Add(copy);
            return;
        }

        plan.Creates.Add(New(service, addressType, [], labels, stamp));
    }

    private static void Fill(IList<V1Endpoint> endpoints, SortedDictionary<string, V1Endpoint> remaining)
    {
        while (endpoints.Count < MaxEndpointsPerSlice && remaining.Count > 0)
        {
            var first = remaining.First();
            remaining.Remove(first.Key);
            endpoints.Add(first.Value);
        }
    }

    private static V1EndpointSlice New(V1Service service, string addressType, List<Discoveryv1EndpointPort> ports, Dictionary<string, string> labels, string stamp)
    {
        var slice = new V1EndpointSlice
        {
            ApiVersion = "discovery.k8s.io/v1",
            Kind = "EndpointSlice",
            Metadata = new V1ObjectMeta { GenerateName = service.Metadata.Name + "-", NamespaceProperty = service.Metadata.NamespaceProperty },
            AddressType = addressType,
            Ports = [.. ports],
            Endpoints = [],
        };
        SetMetadata(slice, service, labels, stamp);
        return slice;
    }

    private static void SetMetadata(V1EndpointSlice slice, V1Service service, Dictionary<string, string> labels, string? annotationStamp)
    {
        slice.Metadata.Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal);
        slice.Metadata.OwnerReferences = [Owner(service)];
        if (annotationStamp is not null)
        {
            slice.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
            slice.Metadata.Annotations[LastChangeTriggerTime] = annotationStamp;
        }
    }

    private static bool MetadataCorrect(V1EndpointSlice slice, V1Service service, Dictionary<string, string> labels)
    {
        var current = slice.Metadata?.Labels ?? new Dictionary<string, string>();
        return current.Count == labels.Count && labels.All(l => current.TryGetValue(l.Key, out var v) && v == l.Value)
            && slice.Metadata?.OwnerReferences?.Any(o => o.Uid == service.Metadata.Uid && o.Controller == true) == true;
    }

    /// <summary>The service's own labels, then the labels that tie the slice to the Service and to this controller.</summary>
    public static Dictionary<string, string> Labels(V1Service service)
    {
        var labels = new Dictionary<string, string>(service.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [ServiceNameLabel] = service.Metadata!.Name,
            [ManagedByLabel] = ControllerName,
        };
        if (service.Spec?.ClusterIP == "None")
        {
            labels[Headless] = "";
        }
        else
        {
            labels.Remove(Headless);
        }

        return labels;
    }

    public static V1OwnerReference Owner(V1Service service) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Name = service.Metadata.Name,
        Uid = service.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    public static string GroupKey(string addressType, IEnumerable<Discoveryv1EndpointPort>? ports) =>
        addressType + "|" + string.Join(';', (ports ?? []).Select(p => $"{p.Name}/{p.Port}/{p.Protocol}/{p.AppProtocol}").Order(StringComparer.Ordinal));

    public static string EndpointKey(V1Endpoint endpoint) =>
        endpoint.TargetRef?.Uid is { Length: > 0 } uid ? uid : string.Join(',', endpoint.Addresses ?? []);

    private static bool Same(V1Endpoint a, V1Endpoint b) => KubernetesJson.Serialize(a) == KubernetesJson.Serialize(b);

    private static V1EndpointSlice Copy(V1EndpointSlice slice) => KubernetesJson.Deserialize<V1EndpointSlice>(KubernetesJson.Serialize(slice));
}
