namespace KubeSharp.Storage;

/// <summary>
/// How to list: at <see cref="Revision"/> (0: newest), starting at <see cref="StartKey"/> (inclusive, null: the prefix),
/// at most <see cref="Limit"/> entries (0: all).
/// </summary>
public sealed record StoreListOptions(long Revision = 0, string? StartKey = null, int Limit = 0);
