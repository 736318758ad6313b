namespace KubeSharp.Storage;

/// <summary>The revision asked for has been compacted away (the API answers 410 Gone, reason Expired).</summary>
public sealed class StoreCompactedException(long requested, long compacted)
    : StoreException($"required revision {requested} has been compacted (compacted revision {compacted})")
{
    public long Requested { get; } = requested;

    public long Compacted { get; } = compacted;
}
