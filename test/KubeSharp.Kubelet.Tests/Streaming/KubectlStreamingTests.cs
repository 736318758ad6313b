using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
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
        // kubectl ≥ 1.31 execs over websocket v5, translated to SPDY towards the kubelet; it must not have fallen back.
        Assert.DoesNotContain("fallback", exec.Stderr, StringComparison.OrdinalIgnoreCase);
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

    [Fact]
    public async Task ExecWebSocketV5_StdinClosedBySignal_CommandSeesEofAndStatusSuccess()
    {
        using var socket = await ConnectV5Async("command=sh&command=-c&command=" + Uri.EscapeDataString("cat; echo done") + "&stdin=true&stdout=true&stderr=true");
        Assert.Equal("v5.channel.k8s.io", socket.SubProtocol);
        await socket.SendAsync(Message(0, "piped in\n"), WebSocketMessageType.Binary, true, CancellationToken.None);
        await socket.SendAsync(new byte[] { 255, 0 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        var channels = await ReadChannelsAsync(socket);
        Assert.Equal("piped in\ndone\n", channels.GetValueOrDefault(1, ""));
        Assert.Equal("Success", JsonNode.Parse(channels[3])!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExecWebSocketV5_NonZeroExit_FailureStatusWithExitCode()
    {
        using var socket = await ConnectV5Async("command=sh&command=-c&command=" + Uri.EscapeDataString("echo bad >&2; exit 7") + "&stdout=true&stderr=true");
        var channels = await ReadChannelsAsync(socket);
        Assert.Equal("bad\n", channels.GetValueOrDefault(2, ""));
        var status = JsonNode.Parse(channels[3])!;
        Assert.Equal("Failure", status["status"]!.GetValue<string>());
        Assert.Equal("NonZeroExitCode", status["reason"]!.GetValue<string>());
        Assert.Equal("7", status["details"]!["causes"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExecWebSocketV5_TtyResize_ReachesTheTerminal()
    {
        using var socket = await ConnectV5Async("command=sh&command=-c&command=" + Uri.EscapeDataString("sleep 1; stty size") + "&stdin=true&stdout=true&tty=true");
        await socket.SendAsync(Message(4, "{\"Width\":123,\"Height\":45}"), WebSocketMessageType.Binary, true, CancellationToken.None);
        var channels = await ReadChannelsAsync(socket);
        Assert.Equal("45 123", channels.GetValueOrDefault(1, "").Trim());
        Assert.Equal("Success", JsonNode.Parse(channels[3])!["status"]!.GetValue<string>());
    }

    private async Task<ClientWebSocket> ConnectV5Async(string query)
    {
        using var admin = X509Certificate2.CreateFromPem(_api.Pki.AdminCertPem, _api.Pki.AdminKeyPem);
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("v5.channel.k8s.io");
        socket.Options.ClientCertificates = [X509CertificateLoader.LoadPkcs12(admin.Export(X509ContentType.Pkcs12), null)];
        socket.Options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        var url = new Uri(_api.Url.Replace("https://", "wss://", StringComparison.Ordinal) + "/api/v1/namespaces/default/pods/web/exec?" + query);
        await socket.ConnectAsync(url, CancellationToken.None);
        return socket;
    }

    private static byte[] Message(byte channel, string text) => [channel, .. Encoding.UTF8.GetBytes(text)];

    /// <summary>Everything received per channel until the server closes the websocket.</summary>
    private static async Task<Dictionary<int, string>> ReadChannelsAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var channels = new Dictionary<byte, MemoryStream>();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            if (result.Count > 1)
            {
                var stream = channels.TryGetValue(buffer[0], out var s) ? s : channels[buffer[0]] = new MemoryStream();
                stream.Write(buffer, 1, result.Count - 1);
            }
        }

        return channels.ToDictionary(c => (int)c.Key, c => Encoding.UTF8.GetString(c.Value.ToArray()));
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
