namespace KubeSharp.ApiServer.Registry;

/// <summary>A subresource such as pods/status or deployments/scale, and the kind its requests and responses carry.</summary>
internal sealed record SubresourceInfo(string Name, string Group, string Version, string Kind, IReadOnlyList<string> Verbs);
