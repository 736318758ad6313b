namespace KubeSharp.ApiServer.OpenApi;

/// <summary>The list and patch extensions upstream's OpenAPI carries on one field.</summary>
internal sealed record FieldExtension(string? PatchStrategy, string? PatchMergeKey, string? ListType, IReadOnlyList<string>? ListMapKeys = null);
