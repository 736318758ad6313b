using k8s.Models;

namespace KubeSharp.Controllers.EndpointSlice;

/// <summary>The writes that bring a Service's EndpointSlices to the desired state.</summary>
internal sealed record SlicePlan(List<V1EndpointSlice> Creates, List<V1EndpointSlice> Updates, List<V1EndpointSlice> Deletes)
{
    public bool IsEmpty => Creates.Count == 0 && Updates.Count == 0 && Deletes.Count == 0;
}
