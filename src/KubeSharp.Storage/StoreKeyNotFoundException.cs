namespace KubeSharp.Storage;

public sealed class StoreKeyNotFoundException(string key) : StoreException($"{key}: the key does not exist")
{
    public string Key { get; } = key;
}
