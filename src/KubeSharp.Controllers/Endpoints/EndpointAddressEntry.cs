using k8s.Models;

namespace KubeSharp.Controllers.Endpoints;

/// <summary>One pod address with the ports it serves, before packing into subsets.</summary>
internal sealed record EndpointAddressEntry(V1EndpointAddress Address, bool Ready, IReadOnlyList<Corev1EndpointPort> Ports);
