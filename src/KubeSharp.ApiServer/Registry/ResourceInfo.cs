namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// What the API serves for one resource: its group, the versions it is served at (the first is the preferred one and the
/// one stored), names, scope, verbs and subresources. Discovery, routing, OpenAPI and `kubectl api-resources` come from this.
/// </summary>
internal sealed record ResourceInfo
{
    public required string Group { get; init; }

    public required IReadOnlyList<string> Versions { get; init; }

    public required string Kind { get; init; }

    public required string Plural { get; init; }

    public required bool Namespaced { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    public IReadOnlyList<string> Verbs { get; init; } = StandardVerbs;

    public IReadOnlyList<SubresourceInfo> Subresources { get; init; } = [];

    /// <summary>False for virtual resources (reviews, bindings) that are created but never stored.</summary>
    public bool Stored { get; init; } = true;

    public string Singular => Kind.ToLowerInvariant();

    public string StorageVersion => Versions[0];

    public string ListKind => Kind + "List";

    public string GroupResource => Group.Length == 0 ? Plural : Plural + "." + Group;

    public bool HasSubresource(string name) => Subresources.Any(s => s.Name == name);

    public static string ApiVersionOf(string group, string version) => group.Length == 0 ? version : group + "/" + version;

    public static readonly IReadOnlyList<string> StandardVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
}
