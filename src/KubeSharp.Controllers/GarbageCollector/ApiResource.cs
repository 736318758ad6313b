namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>One resource the API server serves, as its discovery documents describe it.</summary>
internal sealed record ApiResource(string Group, string Version, string Plural, string Kind, bool Namespaced, IReadOnlySet<string> Verbs)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>"plural.group" as upstream's GroupResource prints it in messages ("pods." for the core group).</summary>
    public string GroupResource => $"{Plural}.{Group}";

    public bool Supports(string verb) => Verbs.Contains(verb);

    /// <summary>The collection path in <paramref name="ns"/> (ignored for cluster-scoped resources), or of one object when <paramref name="name"/> is given.</summary>
    public string Path(string? ns, string? name = null)
    {
        var prefix = Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";
        var collection = Namespaced && !string.IsNullOrEmpty(ns) ? $"{prefix}/namespaces/{Uri.EscapeDataString(ns)}/{Plural}" : $"{prefix}/{Plural}";
        return string.IsNullOrEmpty(name) ? collection : $"{collection}/{Uri.EscapeDataString(name)}";
    }

    public override string ToString() => $"{ApiVersion}, Resource={Plural}";
}
