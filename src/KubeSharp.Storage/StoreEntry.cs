namespace KubeSharp.Storage;

/// <summary>A key's value at a revision. CreateRevision is when the key was created; ModRevision when it was last written.</summary>
public sealed record StoreEntry(string Key, byte[] Value, long CreateRevision, long ModRevision);
