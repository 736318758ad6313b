namespace KubeSharp.E2E.Infrastructure;

/// <summary>
/// The test classes that run real node agents share the machine's network namespaces, bridges and two cores: one at a
/// time (a class counting the pods' network namespaces must not see another class's pods).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ContainerdNodes
{
    public const string Name = "Containerd nodes";
}
