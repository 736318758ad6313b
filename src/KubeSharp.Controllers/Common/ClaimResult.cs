namespace KubeSharp.Controllers.Common;

/// <summary>
/// The outcome of claiming candidates: <see cref="Owned"/> is what the controller manages after the adoptions
/// succeed (kept plus adopted); <see cref="Adopt"/> and <see cref="Release"/> need an ownerReferences patch each.
/// </summary>
internal sealed record ClaimResult<T>(IReadOnlyList<T> Owned, IReadOnlyList<T> Adopt, IReadOnlyList<T> Release);
