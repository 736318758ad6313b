namespace KubeSharp.ApiServer.Patch;

/// <summary>
/// What upstream's Go types say about one field: patchStrategy ("merge", "replace", "merge,retainKeys"),
/// patchMergeKey, +listType (atomic/set/map), +listMapKey, and whether a map or struct field is atomic.
/// </summary>
internal sealed record PatchFieldFacts(string Strategy, string MergeKey, string ListType, IReadOnlyList<string> ListMapKeys, bool Atomic);
