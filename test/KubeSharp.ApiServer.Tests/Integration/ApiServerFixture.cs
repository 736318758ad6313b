using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>A real API server in this process (SQLite store in a temp dir, HTTPS on a free loopback port) and an admin client.</summary>
public class ApiServerFixture : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "kubesharp-it-" + Guid.NewGuid().ToString("N")[..8]);

    internal ApiServerHost Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    internal string DataDir => _dataDir;

    /// <summary>
    /// No serviceaccount controller runs here to create each namespace's "default" account, so the ServiceAccount plugin is
    /// off (upstream's integration tests do the same); fixtures that test it turn it on.
    /// </summary>
    protected virtual IReadOnlyList<string> DisabledAdmissionPlugins => ["ServiceAccount"];

    public async Task InitializeAsync()
    {
        Server = await ApiServerHost.StartAsync(new ApiServerOptions
            {
                DataDir = _dataDir, HttpsPort = 0, BindAddress = IPAddress.Loopback,
                DisableAdmissionPlugins = DisabledAdmissionPlugins,
            },
            NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None);
        var ca = X509Certificate2.CreateFromPem(Server.Pki.ServerCaPem);
        var admin = X509Certificate2.CreateFromPem(Server.Pki.AdminCertPem, Server.Pki.AdminKeyPem);
        admin = X509CertificateLoader.LoadPkcs12(admin.Export(X509ContentType.Pkcs12), null);
        Client = new HttpClient(Handler(ca, admin)) { BaseAddress = new Uri(Server.Url) };
        Anonymous = new HttpClient(Handler(ca, null)) { BaseAddress = new Uri(Server.Url) };
    }

    private static SocketsHttpHandler Handler(X509Certificate2 ca, X509Certificate2? client)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return cert is not null && chain.Build(new X509Certificate2(cert));
        };
        if (client is not null)
        {
            handler.SslOptions.ClientCertificates = [client];
        }

        return handler;
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? body = null,
        string contentType = "application/json", HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var response = await (client ?? Client).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try
        {
            json = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return (response.StatusCode, json, response);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }
}
