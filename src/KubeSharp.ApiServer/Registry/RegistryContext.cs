using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Registry;

/// <summary>What every resource registry shares: the clock and a way to look up namespaces (for the lifecycle checks).</summary>
internal sealed class RegistryContext(TimeProvider time, Func<string, CancellationToken, Task<JsonObject?>> getNamespaceAsync,
    Action<string>? forgetNamespace = null)
{
    public TimeProvider Time { get; } = time;

    public Task<JsonObject?> GetNamespaceAsync(string name, CancellationToken cancellationToken) => getNamespaceAsync(name, cancellationToken);

    /// <summary>Drops what the lookup may remember of a namespace, after it was written.</summary>
    public void ForgetNamespace(string name) => forgetNamespace?.Invoke(name);
}
