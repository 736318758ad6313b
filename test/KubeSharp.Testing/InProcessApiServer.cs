using System.Net;
using System.Text;
using k8s;
using KubeSharp.ApiServer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Testing;

/// <summary>
/// A real KubeSharp API server in this process (SQLite in a temp directory, or an etcd endpoint; HTTPS on a free loopback
/// port) and clients of the official library with the admin credentials. Disposing stops it and removes its directory.
/// </summary>
public sealed class InProcessApiServer : IAsyncDisposable
{
    private readonly ApiServerHost _host;
    private readonly string _dataDir;

    private InProcessApiServer(ApiServerHost host, string dataDir)
    {
        _host = host;
        _dataDir = dataDir;
    }

    public string Url => _host.Url;

    /// <summary>The admin kubeconfig (client certificate of system:admin, group system:masters).</summary>
    public string AdminKubeconfig => _host.AdminKubeconfig();

    /// <summary>The k3s-format join token, also accepted as a bearer token.</summary>
    public string JoinToken => _host.JoinToken;

    public static async Task<InProcessApiServer> StartAsync(string? datastoreEndpoint = null, TimeProvider? time = null,
        ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        var dataDir = Directory.CreateTempSubdirectory("kubesharp-api-").FullName;
        var options = new ApiServerOptions
        {
            DataDir = dataDir, HttpsPort = 0, BindAddress = IPAddress.Loopback, DatastoreEndpoint = datastoreEndpoint,
            // No serviceaccount controller runs here to create each namespace's "default" account (upstream's integration tests do the same).
            DisableAdmissionPlugins = ["ServiceAccount"],
        };
        var host = await ApiServerHost.StartAsync(options, loggers ?? NullLoggerFactory.Instance, time ?? TimeProvider.System, cancellationToken);
        return new InProcessApiServer(host, dataDir);
    }

    /// <summary>A new client of the official library, as the admin.</summary>
    public IKubernetes CreateClient()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(AdminKubeconfig));
        return new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
    }

    /// <summary>Compacts the store up to its current revision, so that watches from any older one get 410 Gone.</summary>
    public async Task CompactToCurrentAsync(CancellationToken cancellationToken = default) =>
        await _host.Store.CompactAsync(await _host.Store.GetCurrentRevisionAsync(cancellationToken), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
