namespace KubeSharp.Storage;

/// <summary>Base of the store's expected failures; the API server maps each to a Status.</summary>
public abstract class StoreException(string message) : Exception(message);
