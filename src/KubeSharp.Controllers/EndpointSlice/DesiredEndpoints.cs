using k8s.Models;

namespace KubeSharp.Controllers.EndpointSlice;

/// <summary>The endpoints one slice group should hold: one address type, one set of ports; endpoints keyed by their pod.</summary>
internal sealed record DesiredEndpoints(string AddressType, List<Discoveryv1EndpointPort> Ports, SortedDictionary<string, V1Endpoint> Endpoints);
