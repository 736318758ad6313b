namespace KubeSharp.Storage;

/// <summary>
/// A page of a list. <see cref="Revision"/> is the revision the list was read at; <see cref="NextKey"/> is the key the
/// next page starts at (null when this is the last page); <see cref="RemainingCount"/> counts the entries after this page.
/// </summary>
public sealed record StoreListResult(IReadOnlyList<StoreEntry> Items, long Revision, string? NextKey, long RemainingCount);
