namespace KubeSharp.ApiServer.Patch;

/// <summary>What changed between two versions of an object, as field sets (structured-merge-diff's Comparison).</summary>
internal sealed record FieldComparison(FieldSet Added, FieldSet Modified, FieldSet Removed)
{
    public bool IsEmpty => Added.IsEmpty && Modified.IsEmpty && Removed.IsEmpty;
}
