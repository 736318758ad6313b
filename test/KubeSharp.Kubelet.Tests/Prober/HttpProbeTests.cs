using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s.Models;
using KubeSharp.Kubelet.Prober.Probes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.Kubelet.Tests.Prober;

public sealed class HttpProbeTests
{
    private static Task<LoopbackServer> StartAsync(X509Certificate2? certificate = null) => LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/ok", () => "fine");
        app.MapGet("/fail", () => Results.Text("secret body", statusCode: 500));
        app.MapGet("/same", () => Results.Redirect("/ok"));
        app.MapGet("/loop", () => Results.Redirect("/loop"));
        app.MapGet("/other", (HttpContext c) => Results.Redirect($"http://localhost:{c.Connection.LocalPort}/ok"));
        app.MapGet("/headers", (HttpContext c) => $"{c.Request.Headers.UserAgent}|{c.Request.Headers.Accept}|{c.Request.Headers["X-Custom"]}|{c.Request.Headers.Host}");
    }, certificate: certificate);

    private static async Task<ProbeOutcome> ProbeAsync(int port, string path, string scheme = "HTTP", List<V1HTTPHeader>? headers = null)
    {
        using var probe = new HttpProbe(TimeProvider.System);
        var action = new V1HTTPGetAction { Path = path, Port = port, Scheme = scheme, HttpHeaders = headers };
        return await probe.ProbeAsync(action, "127.0.0.1", port, 5, CancellationToken.None);
    }

    [Fact]
    public async Task ProbeAsync_Status200_Success()
    {
        await using var server = await StartAsync();
        Assert.Equal(ProbeOutcome.Success("fine"), await ProbeAsync(server.Port, "/ok"));
    }

    [Fact]
    public async Task ProbeAsync_Status500_FailureWithoutBody()
    {
        await using var server = await StartAsync();
        Assert.Equal(ProbeOutcome.Failure("HTTP probe failed with statuscode: 500"), await ProbeAsync(server.Port, "/fail"));
    }

    [Fact]
    public async Task ProbeAsync_SameHostRedirect_Followed()
    {
        await using var server = await StartAsync();
        Assert.Equal(ProbeOutcome.Success("fine"), await ProbeAsync(server.Port, "/same"));
    }

    [Fact]
    public async Task ProbeAsync_OtherHostRedirect_WarningNotFollowed()
    {
        await using var server = await StartAsync();
        var outcome = await ProbeAsync(server.Port, "/other");
        Assert.Equal(ProbeOutcomeKind.Warning, outcome.Kind);
        Assert.StartsWith("Probe terminated redirects, Response body: ", outcome.Output);
    }

    [Fact]
    public async Task ProbeAsync_RedirectLoop_FailsAfterTen()
    {
        await using var server = await StartAsync();
        var outcome = await ProbeAsync(server.Port, "/loop");
        Assert.Equal(ProbeOutcome.Failure($"Get \"http://127.0.0.1:{server.Port}/loop\": stopped after 10 redirects"), outcome);
    }

    [Fact]
    public async Task ProbeAsync_Headers_UserAgentAcceptAndCustomHost()
    {
        await using var server = await StartAsync();
        var plain = await ProbeAsync(server.Port, "headers");
        Assert.Equal($"kube-probe/1.33|*/*||127.0.0.1:{server.Port}", plain.Output);

        var custom = await ProbeAsync(server.Port, "/headers", headers: [new V1HTTPHeader { Name = "X-Custom", Value = "v" }, new V1HTTPHeader { Name = "Host", Value = "example.test" }, new V1HTTPHeader { Name = "User-Agent", Value = "mine" }]);
        Assert.Equal("mine|*/*|v|example.test", custom.Output);
    }

    [Fact]
    public async Task ProbeAsync_Https_CertificateNotChecked()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=probe-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var exportable = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
        await using var server = await StartAsync(exportable);

        Assert.Equal(ProbeOutcome.Success("fine"), await ProbeAsync(server.Port, "/ok", scheme: "HTTPS"));
    }

    [Fact]
    public async Task ProbeAsync_ConnectionRefused_FailureWithGoStyleMessage()
    {
        var port = KubeSharp.Testing.FreePort.Next();
        var outcome = await ProbeAsync(port, "/ok");
        Assert.Equal(ProbeOutcome.Failure($"Get \"http://127.0.0.1:{port}/ok\": dial tcp 127.0.0.1:{port}: connect: connection refused"), outcome);
    }

    [Fact]
    public void Resolve_NamedPort_ContainerPortNumber()
    {
        var container = new V1Container { Name = "app", Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080 }] };
        Assert.Equal(8080, ContainerPorts.Resolve("http", container));
        Assert.Equal(81, ContainerPorts.Resolve(81, container));
        Assert.Equal("strconv.Atoi: parsing \"web\": invalid syntax", Assert.Throws<ProbeException>(() => ContainerPorts.Resolve("web", container)).Message);
    }
}
