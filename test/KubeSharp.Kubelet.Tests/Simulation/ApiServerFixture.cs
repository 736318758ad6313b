using k8s;
using KubeSharp.Testing;

namespace KubeSharp.Kubelet.Tests.Simulation;

/// <summary>A real API server in this process and an admin client of the official library.</summary>
public sealed class ApiServerFixture : IAsyncLifetime
{
    private InProcessApiServer? _server;

    internal IKubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessApiServer.StartAsync();
        Client = _server.CreateClient();
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
