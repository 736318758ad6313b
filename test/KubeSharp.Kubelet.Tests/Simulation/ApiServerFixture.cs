using System.Net;
using System.Reflection;
using System.Text;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Kubelet.Tests.Simulation;

/// <summary>A real API server in this process (SQLite in a temp dir, HTTPS on a free loopback port) and an admin client of the official library.</summary>
/// <remarks>KubeSharp.ApiServer's types are internal and not visible to this project, hence reflection; with an
/// InternalsVisibleTo for KubeSharp.Kubelet.Tests this becomes a plain ApiServerHost.StartAsync call.</remarks>
public sealed class ApiServerFixture : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "kubesharp-sim-" + Guid.NewGuid().ToString("N")[..8]);
    private IAsyncDisposable? _server;

    internal IKubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var assembly = Assembly.Load("KubeSharp.ApiServer");
        var optionsType = assembly.GetType("KubeSharp.ApiServer.ApiServerOptions", throwOnError: true)!;
        var hostType = assembly.GetType("KubeSharp.ApiServer.ApiServerHost", throwOnError: true)!;
        var options = Activator.CreateInstance(optionsType, nonPublic: true)!;
        optionsType.GetProperty("DataDir")!.SetValue(options, _dataDir);
        optionsType.GetProperty("HttpsPort")!.SetValue(options, 0);
        optionsType.GetProperty("BindAddress")!.SetValue(options, IPAddress.Loopback);
        var start = (Task)hostType.GetMethod("StartAsync", BindingFlags.Public | BindingFlags.Static)!
            .Invoke(null, [options, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None])!;
        await start;
        var host = start.GetType().GetProperty("Result")!.GetValue(start)!;
        _server = (IAsyncDisposable)host;
        var kubeconfig = (string)hostType.GetMethod("AdminKubeconfig")!.Invoke(host, null)!;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfig));
        Client = new Kubernetes(await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(stream));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_dataDir, recursive: true);
    }
}
