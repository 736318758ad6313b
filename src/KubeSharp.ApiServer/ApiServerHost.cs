using System.Security.Cryptography;
using KubeSharp.Api.Hosting;
using KubeSharp.ApiServer.Auth;
using KubeSharp.ApiServer.Auth.ServiceAccounts;
using KubeSharp.ApiServer.Discovery;
using KubeSharp.ApiServer.Http;
using KubeSharp.ApiServer.Metrics;
using KubeSharp.ApiServer.OpenApi;
using KubeSharp.ApiServer.Proxy;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Registry.Pods;
using KubeSharp.ApiServer.Registry.Schema;
using KubeSharp.ApiServer.Registry.ServiceAccounts;
using KubeSharp.ApiServer.Registry.Services;
using KubeSharp.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer;

/// <summary>
/// A running API server: the store, the resource catalog, and Kestrel serving HTTPS with client-certificate and token
/// authentication. Started by `kubesharp server` and, the same way, by the integration tests.
/// </summary>
internal sealed class ApiServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly Task _compaction;

    private ApiServerHost(WebApplication app, IStore store, ResourceCatalog catalog, ClusterPki pki, string token, int port,
        CancellationTokenSource stopping, Task compaction)
    {
        _app = app;
        _stopping = stopping;
        Store = store;
        Catalog = catalog;
        Pki = pki;
        JoinToken = token;
        Port = port;
        _compaction = compaction;
    }

    public IStore Store { get; }

    public ResourceCatalog Catalog { get; }

    public ClusterPki Pki { get; }

    /// <summary>The token agents join with (also accepted as an admin bearer token until RBAC).</summary>
    public string JoinToken { get; }

    public int Port { get; }

    /// <summary>Cancelled when the web host begins to stop (it also reacts to SIGTERM/SIGINT itself).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    public string Url => $"https://127.0.0.1:{Port}";

    public string AdminKubeconfig() => KubeconfigWriter.Build(Url, Pki.ServerCaPem, Pki.AdminCertPem, Pki.AdminKeyPem);

    /// <summary>A kubeconfig for the kubelet of the node <paramref name="nodeName"/> in this process (system:node:&lt;name&gt;).</summary>
    public string NodeKubeconfig(string nodeName)
    {
        var (cert, key) = Pki.IssueNodeCertificate(nodeName);
        return KubeconfigWriter.Build(Url, Pki.ServerCaPem, cert, key);
    }

    public static async Task<ApiServerHost> StartAsync(ApiServerOptions options, ILoggerFactory loggerFactory, TimeProvider time,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(options.DataDir, "server"));
        var store = await StoreFactory.CreateAsync(options.DatastoreEndpoint, options.DataDir, new StoreOptions { TimeProvider = time }, loggerFactory,
            cancellationToken).ConfigureAwait(false);
        try
        {
            var ipRange = new ServiceIpRange(options.ServiceCidr);
            // Pods reach the API server at the first service IP; agents on other hosts by this host's name.
            var pki = ClusterPki.LoadOrCreate(options.TlsDir, [.. options.TlsSans, ipRange.At(0).ToString(), System.Net.Dns.GetHostName()], time);
            var token = LoadOrCreateToken(options.TokenPath, pki.ServerCaPem);
            var allocator = new ServiceAllocator(store, ipRange, options.NodePortRange);
            ResourceCatalog? catalog = null;
            RegistryHooks podHooks = new PodPriorityHooks(() => catalog!);
            if (!options.DisableAdmissionPlugins.Contains("DefaultTolerationSeconds"))
            {
                podHooks = new DefaultTolerationSecondsAdmission(podHooks, options.DefaultNotReadyTolerationSeconds, options.DefaultUnreachableTolerationSeconds);
            }

            if (!options.DisableAdmissionPlugins.Contains("ServiceAccount"))
            {
                podHooks = new ServiceAccountAdmission(() => catalog!, podHooks, time);
            }

            catalog = new ResourceCatalog(store, time, r => (r.Group, r.Plural) switch
            {
                ("", "services") => allocator,
                ("", "pods") => podHooks,
                _ => null,
            });

            var tokens = new TokenAuthenticator();
            tokens.Add(token, new UserInfo("system:admin", ["system:masters"]));
            var saTokens = new ServiceAccountTokenIssuer(ServiceAccountKey.LoadOrCreate(Path.Combine(options.TlsDir, ServiceAccountKey.FileName)),
                ServiceAccountTokenIssuer.DefaultIssuer, ServiceAccountTokenIssuer.DefaultAudiences);
            var authentication = new Authentication(new ClientCertificateAuthenticator(pki.ClientCa, time), tokens, time,
                new ServiceAccountTokenAuthenticator(saTokens, catalog, time));
            var schemas = new SchemaChecker();
            ResourceHandler? resources = null;
            var kubelets = new KubeletConnector(pki, time);
            var subresources = new SubresourceHandler(() => resources!, time, new TokenRequestRest(catalog, saTokens, time),
                new KubeletProxy(kubelets));
            resources = new ResourceHandler(catalog, subresources, schemas, time);
            var discovery = new DiscoveryDocuments(() => [.. catalog.All, .. MetricsResources.All]);
            var openApi = new OpenApiDocuments(BuiltInResources.Resources);

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(loggerFactory);
            builder.Services.AddSingleton<IHostLifetime, EmbeddedServerLifetime>();
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.AddServerHeader = false;
                k.Limits.MaxRequestBodySize = null;
                k.Limits.Http2.MaxStreamsPerConnection = 1000;
                k.Listen(options.BindAddress, options.HttpsPort, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = pki.ServingCertificate;
                        https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                        // The chain is checked against the client CA by ClientCertificateAuthenticator, not the system store.
                        https.AllowAnyClientCertificate();
                    });
                });
            });
            var app = builder.Build();
            var address = (options.BindAddress.Equals(System.Net.IPAddress.Any) ? "127.0.0.1" : options.BindAddress.ToString());
            var handler = new ApiHandler(resources, new ReviewHandler(), discovery, openApi, authentication, $"{address}:{options.HttpsPort}",
                pki.ServerCaPem, new NodeCredentialsHandler(pki), loggerFactory.CreateLogger<ApiHandler>(),
                new MetricsApi(catalog, kubelets, time, loggerFactory.CreateLogger<MetricsApi>()), app.Lifetime.ApplicationStopping);
            app.Run(handler.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

            await Bootstrap.EnsureAsync(catalog, ipRange.At(0).ToString(), port, cancellationToken).ConfigureAwait(false);
            // As the apiserver does: old revisions are compacted every few minutes, so the store does not grow without bound.
            var stopping = new CancellationTokenSource();
            var compactor = new StoreCompactor(store, time, loggerFactory.CreateLogger<StoreCompactor>());
            var host = new ApiServerHost(app, store, catalog, pki, token, port, stopping, compactor.RunAsync(stopping.Token));
            return host;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The join token in k3s' secure format, <c>K10&lt;sha256 of the CA bundle&gt;::server:&lt;secret&gt;</c>: an agent that
    /// fetches /cacerts without trusting it can check the CA against the token before it sends the token anywhere.
    /// </summary>
    private static string LoadOrCreateToken(string path, string caPem)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var token = "K10" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(caPem))) + "::server:"
            + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(path, token + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return token;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _compaction.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped mid-compaction; the next start compacts again.
        }

        await Store.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
