namespace KubeSharp.Client;

/// <summary>Names of the indexes every <see cref="Indexer{T}"/> of a <see cref="SharedInformer{T}"/> has.</summary>
public static class Indexes
{
    /// <summary>metadata.namespace ("" for cluster-scoped objects).</summary>
    public const string Namespace = "namespace";

    /// <summary>Each metadata.ownerReferences[].uid.</summary>
    public const string OwnerUid = "ownerUid";

    /// <summary>spec.nodeName of pods (present on pod informers only; unscheduled pods are not indexed).</summary>
    public const string NodeName = "nodeName";
}
