namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>An object of the graph as the informers last saw it, with the resource it belongs to.</summary>
internal sealed record GraphNode(ResourceMonitor Monitor, ObjectMetadata Object)
{
    public string Uid => Object.Metadata.Uid;

    public string? Namespace => Object.Metadata.NamespaceProperty;

    public string Name => Object.Metadata.Name;

    public override string ToString() => $"{Monitor.Resource.Plural} {(string.IsNullOrEmpty(Namespace) ? "" : Namespace + "/")}{Name} (uid {Uid})";
}
