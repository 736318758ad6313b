using k8s;
using k8s.Models;
using KubeSharp.Testing;

namespace KubeSharp.Controllers.Tests.Endpoints;

/// <summary>A real API server in this process, shared by the endpoints, endpointslice and node lifecycle tests.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private InProcessApiServer? _server;

    internal IKubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessApiServer.StartAsync();
        Client = _server.CreateClient();
    }

    /// <summary>A fresh namespace, so tests sharing the server do not see each other's objects.</summary>
    internal async Task<string> CreateNamespaceAsync()
    {
        var name = "t-" + Guid.NewGuid().ToString("N")[..10];
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
