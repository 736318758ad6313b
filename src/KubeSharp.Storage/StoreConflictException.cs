namespace KubeSharp.Storage;

/// <summary>The key's ModRevision was not the expected one; <see cref="Current"/> is what it is now.</summary>
public sealed class StoreConflictException(string key, StoreEntry current)
    : StoreException($"{key}: modified at revision {current.ModRevision}")
{
    public string Key { get; } = key;

    public StoreEntry Current { get; } = current;
}
