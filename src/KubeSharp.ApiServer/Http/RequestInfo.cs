namespace KubeSharp.ApiServer.Http;

/// <summary>
/// What a request is about, as upstream's RequestInfoFactory derives it from the path and method:
/// <c>/apis/apps/v1/namespaces/default/deployments/web/scale</c> is a "get" of subresource scale.
/// </summary>
internal sealed record RequestInfo
{
    public bool IsResourceRequest { get; init; }

    /// <summary>get, list, watch, create, update, patch, delete, deletecollection (or the HTTP method, lower-case, for non-resource paths).</summary>
    public string Verb { get; init; } = "";

    public string Path { get; init; } = "";

    /// <summary>"api" or "apis".</summary>
    public string ApiPrefix { get; init; } = "";

    public string Group { get; init; } = "";

    public string Version { get; init; } = "";

    public string Namespace { get; init; } = "";

    public string Resource { get; init; } = "";

    public string Subresource { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary>Segments after the subresource (e.g. a proxy path).</summary>
    public IReadOnlyList<string> Rest { get; init; } = [];
}
