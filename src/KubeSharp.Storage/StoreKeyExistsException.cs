namespace KubeSharp.Storage;

public sealed class StoreKeyExistsException(string key) : StoreException($"{key}: the key already exists")
{
    public string Key { get; } = key;
}
