using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.ApiServer.Tests.ServiceAccounts;

/// <summary>A real API server with the ServiceAccount admission plugin on, an admin client and a client without credentials.</summary>
public sealed class ServiceAccountServerFixture : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "kubesharp-sa-" + Guid.NewGuid().ToString("N")[..8]);

    internal ApiServerHost Server { get; private set; } = null!;

    internal string DataDir => _dataDir;

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient Bare { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ApiServerHost.StartAsync(new ApiServerOptions { DataDir = _dataDir, HttpsPort = 0, BindAddress = IPAddress.Loopback },
            NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None);
        var ca = X509Certificate2.CreateFromPem(Server.Pki.ServerCaPem);
        var admin = X509Certificate2.CreateFromPem(Server.Pki.AdminCertPem, Server.Pki.AdminKeyPem);
        admin = X509CertificateLoader.LoadPkcs12(admin.Export(X509ContentType.Pkcs12), null);
        Admin = new HttpClient(Handler(ca, admin)) { BaseAddress = new Uri(Server.Url) };
        Bare = new HttpClient(Handler(ca, null)) { BaseAddress = new Uri(Server.Url) };
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

    /// <summary>Sends as the admin, or with only <paramref name="bearer"/> when given.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await (bearer is null ? Admin : Bare).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JsonNode.Parse(text) : null);
    }

    public async Task<JsonNode> OkAsync(HttpMethod method, string path, string? body = null)
    {
        var (status, json) = await SendAsync(method, path, body);
        Assert.True((int)status is >= 200 and < 300, $"{method} {path}: {(int)status} {json?.ToJsonString()}");
        return json!;
    }

    /// <summary>A namespace with the given service accounts (JSON of each account's extra top-level fields may follow a '|').</summary>
    public async Task NamespaceWithAccountsAsync(string ns, params string[] accounts)
    {
        await OkAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        foreach (var account in accounts)
        {
            var parts = account.Split('|', 2);
            var extra = parts.Length > 1 ? "," + parts[1] : "";
            await OkAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts",
                $$$"""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"{{{parts[0]}}}"}{{{extra}}}}""");
        }
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        Bare.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }
}
