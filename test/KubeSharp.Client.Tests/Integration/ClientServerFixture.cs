using k8s;
using k8s.Models;
using KubeSharp.Testing;

namespace KubeSharp.Client.Tests.Integration;

/// <summary>A real API server in this process and an official client connected to it through <see cref="ClusterConnection"/>.</summary>
public sealed class ClientServerFixture : IAsyncLifetime
{
    internal InProcessApiServer Server { get; private set; } = null!;

    public IKubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await InProcessApiServer.StartAsync();
        Client = ClusterConnection.FromKubeconfigText(Server.AdminKubeconfig);
    }

    /// <summary>A fresh namespace, so tests sharing the server do not see each other's objects.</summary>
    public async Task<string> CreateNamespaceAsync()
    {
        var name = "t-" + Guid.NewGuid().ToString("N")[..10];
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
