using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer.Tests.Auth;

/// <summary>Serves TLS with the PKI's serving certificate and checks real clients accept it and present the admin cert.</summary>
public sealed class TlsEndToEndTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private WebApplication? _app;
    private ClusterPki _pki = null!;
    private string _url = "";

    public async Task InitializeAsync()
    {
        _pki = ClusterPki.LoadOrCreate(_dir.Path, [], TimeProvider.System);
        var authenticator = new ClientCertificateAuthenticator(_pki.ClientCa, TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = _pki.ServingCertificate,
            ClientCertificateMode = ClientCertificateMode.AllowCertificate,

            // Trust is decided by the authenticator, as in the API server (anonymous requests stay possible).
            ClientCertificateValidation = (_, _, _) => true,
        })));
        _app = builder.Build();
        _app.MapGet("/", (HttpContext context) =>
        {
            var user = authenticator.Authenticate(context.Connection.ClientCertificate) ?? UserInfo.Anonymous;
            return Results.Json(new JsonObject { ["user"] = user.Name, ["groups"] = new JsonArray([.. user.Groups.Select(g => JsonValue.Create(g))]) });
        });
        await _app.StartAsync();
        _url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task HttpClient_TrustingServerCaWithAdminCert_ServerSeesSystemAdmin()
    {
        using var admin = X509Certificate2.CreateFromPem(_pki.AdminCertPem, _pki.AdminKeyPem);
        using var client = CreateClient(admin);
        var body = JsonNode.Parse(await client.GetStringAsync(_url + "/"))!;
        Assert.Equal("system:admin", body["user"]!.GetValue<string>());
        Assert.Equal("system:masters", body["groups"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task HttpClient_WithoutClientCert_Anonymous()
    {
        using var client = CreateClient(null);
        var body = JsonNode.Parse(await client.GetStringAsync(_url + "/"))!;
        Assert.Equal("system:anonymous", body["user"]!.GetValue<string>());
    }

    [Fact]
    public async Task Kubectl_WrittenKubeconfig_AcceptedAndAuthenticated()
    {
        var kubectl = new[] { "/usr/bin/kubectl", "/usr/local/bin/kubectl" }.FirstOrDefault(File.Exists);
        if (kubectl is null)
        {
            return;
        }

        var path = Path.Combine(_dir.Path, "kube", "config");
        KubeconfigWriter.Write(path, KubeconfigWriter.Build(_url, _pki.ServerCaPem, _pki.AdminCertPem, _pki.AdminKeyPem));
        var start = new ProcessStartInfo(kubectl, ["--kubeconfig", path, "--request-timeout=5s", "get", "--raw", "/"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Equal("system:admin", JsonNode.Parse(await stdout)!["user"]!.GetValue<string>());
    }

    [Fact]
    public void Build_Kubeconfig_K3sShape()
    {
        var yaml = KubeconfigWriter.Build("https://127.0.0.1:6443", _pki.ServerCaPem, _pki.AdminCertPem, _pki.AdminKeyPem);
        var config = YamlJson.ToJson(yaml)!;
        Assert.Equal("Config", config["kind"]!.GetValue<string>());
        Assert.Equal("default", config["current-context"]!.GetValue<string>());
        Assert.Equal("https://127.0.0.1:6443", config["clusters"]![0]!["cluster"]!["server"]!.GetValue<string>());
        var ca = Convert.FromBase64String(config["clusters"]![0]!["cluster"]!["certificate-authority-data"]!.GetValue<string>());
        Assert.Equal(_pki.ServerCaPem, System.Text.Encoding.UTF8.GetString(ca));
        Assert.Equal("default", config["users"]![0]!["name"]!.GetValue<string>());
        Assert.StartsWith("apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ", yaml);
    }

    [Fact]
    public void Write_Kubeconfig_OwnerOnlyAndDirectoriesCreated()
    {
        var path = Path.Combine(_dir.Path, "a", "b", "kubeconfig.yaml");
        KubeconfigWriter.Write(path, "x");
        Assert.Equal("x", File.ReadAllText(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    private HttpClient CreateClient(X509Certificate2? clientCertificate)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(_pki.ServerCaPem));
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = policy,
                ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }
}
