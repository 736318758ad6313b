using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.ApiServer;
using KubeSharp.Kubelet.Streaming;
using KubeSharp.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Kubelet.Tests.Streaming;

/// <summary>
/// The real kubectl 1.27 and 1.33 → in-process API server → KubeletServer → real containerd: logs, exec, cp and
/// port-forward. The pod and node objects are written directly; the pod's container is started through CRI here.
/// </summary>
[Trait("Category", "Containerd")]
public sealed class KubectlStreamingTests : IAsyncLifetime
{
    private const string Node = "stream-node";
    private readonly string _dir = Directory.CreateTempSubdirectory("kss-kubectl-").FullName;
    private readonly int _httpdPort = FreePort.Next();
    private ContainerdProcess _containerd = null!;
    private ApiServerHost _api = null!;
    private KubeletServer _kubelet = null!;
    private HttpClient _admin = null!;
    private string _kubeconfig = "";

    public async Task InitializeAsync()
    {
        _containerd = await ContainerdProcess.StartAsync();
        try
        {
            _api = await ApiServerHost.StartAsync(new ApiServerOptions
                {
                    DataDir = Path.Combine(_dir, "server"), HttpsPort = 0, BindAddress = IPAddress.Loopback,
                    // No serviceaccount controller runs here to create the "default" account.
                    DisableAdmissionPlugins = ["ServiceAccount"],
                },
                NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None);
            _kubelet = new KubeletServer(_containerd.Runtime,
                new KubeletServerOptions { Port = 0, BindAddress = IPAddress.Loopback, ClientCaPem = _api.Pki.ClientCa.ExportCertificatePem() },
                NullLogger<KubeletServer>.Instance);
            await _kubelet.StartAsync(CancellationToken.None);
            _kubeconfig = Path.Combine(_dir, "kubeconfig");
            await File.WriteAllTextAsync(_kubeconfig, _api.AdminKubeconfig());
            using var admin = X509Certificate2.CreateFromPem(_api.Pki.AdminCertPem, _api.Pki.AdminKeyPem);
            var handler = new SocketsHttpHandler();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
            handler.SslOptions.ClientCertificates = [X509CertificateLoader.LoadPkcs12(admin.Export(X509ContentType.Pkcs12), null)];
            _admin = new HttpClient(handler) { BaseAddress = new Uri(_api.Url) };

            await SendAsync(HttpMethod.Post, "/api/v1/nodes", new JsonObject { ["metadata"] = new JsonObject { ["name"] = Node } });
            await SendAsync(HttpMethod.Patch, $"/api/v1/nodes/{Node}/status", new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = "127.0.0.1" }),
                    ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = _kubelet.Port } },
                },
            }, "application/merge-patch+json");
            var pod = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = "web" },
                ["spec"] = new JsonObject
                {
                    ["nodeName"] = Node,
                    ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = ContainerdProcess.BusyboxImageName }),
                },
            });
            await SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/pods/web/status", new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["phase"] = "Running",
                    ["containerStatuses"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "main", ["ready"] = true, ["restartCount"] = 0, ["image"] = ContainerdProcess.BusyboxImageName, ["imageID"] = "",
                        ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = "2026-01-01T00:00:00Z" } },
                    }),
                },
            }, "application/merge-patch+json");
            await _containerd.RunPodAsync("default", "web", pod["metadata"]!["uid"]!.GetValue<string>(), "main",
                ["sh", "-c", $"echo hello; echo world; exec httpd -f -p {_httpdPort} -h /www"]);
        }
        catch
        {
            // xunit does not dispose a class whose set-up failed: stop containerd and the servers here.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        _admin?.Dispose();
        if (_kubelet is not null)
        {
            await _kubelet.DisposeAsync();
        }

        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        await _containerd.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("1.27")]
    [InlineData("1.33")]
    public async Task Kubectl_LogsExecCpPortForward_ThroughApiServerAndKubelet(string version)
    {
        var kubectl = Kubectl(version);
        await WaitForAsync(async () => (await RunAsync(kubectl, "logs", "web")).Stdout == "hello\nworld\n");
        Assert.Equal("hello\nworld\n", (await RunAsync(kubectl, "logs", "web")).Stdout);
        Assert.Equal("world\n", (await RunAsync(kubectl, "logs", "web", "--tail=1")).Stdout);
        var exec = await RunAsync(kubectl, "-v=6", "exec", "web", "--", "echo", "hi");
        Assert.Equal("hi\n", exec.Stdout);
        if (version == "1.33")
        {
            // Websocket v5 (the StreamTranslator's protocol) is refused before the node runs anything, so kubectl retries over SPDY.
            Assert.Contains("RemoteCommand fallback", exec.Stderr, StringComparison.Ordinal);
        }
        var failing = await RunAsync(kubectl, "exec", "web", "--", "sh", "-c", "echo oops >&2; exit 3");
        Assert.Equal(3, failing.ExitCode);
        Assert.Equal("oops\n", failing.Stderr.Split("command terminated")[0]);

        var local = Path.Combine(_dir, "payload.txt");
        await File.WriteAllTextAsync(local, "copied " + version + "\n");
        var cp = await RunAsync(kubectl, "cp", local, "web:/tmp/payload.txt");
        Assert.True(cp.ExitCode == 0, cp.Stderr);
        Assert.Equal("copied " + version + "\n", (await RunAsync(kubectl, "exec", "web", "--", "cat", "/tmp/payload.txt")).Stdout);

        var localPort = FreePort.Next();
        using var forward = Start(kubectl, "-v=6", "port-forward", "pod/web", $"{localPort}:{_httpdPort}");
        try
        {
            var line = await forward.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("Forwarding from", line, StringComparison.Ordinal);
            using var http = new HttpClient();
            Assert.Equal("hello from busybox httpd\n", await http.GetStringAsync($"http://127.0.0.1:{localPort}/index.html"));
            Assert.Equal("hello from busybox httpd\n", await http.GetStringAsync($"http://127.0.0.1:{localPort}/index.html"));
        }
        catch (HttpRequestException e)
        {
            forward.Kill();
            throw new InvalidOperationException("port-forward failed: " + await forward.StandardError.ReadToEndAsync(), e);
        }
        finally
        {
            forward.Kill();
            await forward.WaitForExitAsync();
        }

        if (version == "1.33")
        {
            // kubectl ≥ 1.31 forwards over a websocket carrying SPDY; this must not have fallen back to plain SPDY.
            var log = await forward.StandardError.ReadToEndAsync();
            Assert.Contains("negotiated protocol: portforward.k8s.io", log, StringComparison.Ordinal);
            Assert.DoesNotContain("fallback", log, StringComparison.OrdinalIgnoreCase);
        }
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, JsonObject body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await _admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++)
        {
            await Task.Delay(100);
        }
    }

    private Process Start(string kubectl, params string[] args)
    {
        var start = new ProcessStartInfo(kubectl, ["--kubeconfig", _kubeconfig, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(start)!;
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string kubectl, params string[] args)
    {
        using var process = Start(kubectl, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Kubectl(string version)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "kubectl")).FirstOrDefault(File.Exists);
        Assert.True(onPath is not null, "kubectl is not on PATH");
        var resolved = File.ResolveLinkTarget(onPath!, returnFinalTarget: true)?.FullName ?? onPath!;
        var versioned = Path.Combine(Path.GetDirectoryName(resolved)!, "kubectl." + version);
        Assert.True(File.Exists(versioned), versioned + " is missing");
        return versioned;
    }
}
