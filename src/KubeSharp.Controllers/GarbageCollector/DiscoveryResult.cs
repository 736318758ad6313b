namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>What discovery found: every resource of every served group version, which versions are preferred, and the group
/// versions that could not be read (with why).</summary>
internal sealed record DiscoveryResult(IReadOnlyList<ApiResource> Resources, IReadOnlySet<string> PreferredGroupVersions,
    IReadOnlyDictionary<string, string> FailedGroupVersions)
{
    /// <summary>Resources of the preferred version of each group, as upstream's ServerPreferredResources.</summary>
    public IEnumerable<ApiResource> Preferred => Resources.Where(r => PreferredGroupVersions.Contains(r.ApiVersion));
}
