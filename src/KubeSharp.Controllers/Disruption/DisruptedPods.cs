namespace KubeSharp.Controllers.Disruption;

/// <summary>The evictions still pending (pod name → when the API server approved it), when to look again, and the pods that
/// outlived their eviction without being deleted.</summary>
internal sealed record DisruptedPods(IReadOnlyDictionary<string, DateTime> Pending, DateTimeOffset? RecheckAt, IReadOnlyList<string> NotDeleted);
