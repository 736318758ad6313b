using System.Net;
using System.Net.WebSockets;
using System.Text;
using KubeSharp.Kubelet.Streaming;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Kubelet.Tests.Streaming;

/// <summary>The kubelet server against a real containerd: logs from CRI log files, exec through the runtime's streaming server.</summary>
[Trait("Category", "Containerd")]
public sealed class KubeletServerContainerdTests : IAsyncLifetime
{
    private readonly KubeletTestPki _pki = new();
    private ContainerdProcess _containerd = null!;
    private KubeletServer _server = null!;

    public async Task InitializeAsync()
    {
        _containerd = await ContainerdProcess.StartAsync();
        _server = new KubeletServer(_containerd.Runtime, new KubeletServerOptions { Port = 0, BindAddress = IPAddress.Loopback, ClientCaPem = _pki.ClientCaPem },
            NullLogger<KubeletServer>.Instance);
        await _server.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _containerd.DisposeAsync();
        _pki.Dispose();
    }

    [Fact]
    public async Task ContainerLogs_TailTimestampsSinceAndFollow_AsUpstream()
    {
        await _containerd.RunPodAsync("default", "printer", "uid-1", "main",
            ["sh", "-c", "for i in 1 2 3 4 5; do echo line$i; done; echo -n part; echo ial; sleep 2; echo late"]);
        using var client = _pki.Client(_server.Port);

        // Follow ends by itself once the container has exited.
        var followed = await client.GetStringAsync("/containerLogs/default/printer/main?follow=true");
        Assert.Equal("line1\nline2\nline3\nline4\nline5\npartial\nlate\n", followed);

        Assert.Equal("partial\nlate\n", await client.GetStringAsync("/containerLogs/default/printer/main?tailLines=2"));
        Assert.Equal("line1\nli", await client.GetStringAsync("/containerLogs/default/printer/main?limitBytes=8"));
        Assert.Equal("", await client.GetStringAsync("/containerLogs/default/printer/main?sinceTime=2999-01-01T00:00:00Z"));
        Assert.Equal(7, (await client.GetStringAsync("/containerLogs/default/printer/main?sinceSeconds=3600")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var stamped = (await client.GetStringAsync("/containerLogs/default/printer/main?timestamps=true&tailLines=1")).TrimEnd('\n').Split(' ');
        Assert.Equal("late", stamped[1]);
        Assert.True(DateTimeOffset.TryParse(stamped[0], out _), stamped[0]);
    }

    [Fact]
    public async Task Requests_WithoutClientCertificate_Unauthorized()
    {
        using var anonymous = _pki.Client(_server.Port, withCertificate: false);
        var response = await anonymous.GetAsync("/containerLogs/default/x/y");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ContainerLogs_UnknownContainer_BadRequest()
    {
        using var client = _pki.Client(_server.Port);
        var response = await client.GetAsync("/containerLogs/default/nothing/main");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is waiting to start", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_WebSocketV4_RelayedToRuntime()
    {
        await _containerd.RunPodAsync("default", "sleeper", "uid-2", "main", ["sleep", "3600"]);
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("v4.channel.k8s.io");
        socket.Options.ClientCertificates = [_pki.ClientCertificate];
        socket.Options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        await socket.ConnectAsync(new Uri($"wss://127.0.0.1:{_server.Port}/exec/default/sleeper/main?command=echo&command=hi&output=1&error=1"),
            CancellationToken.None);
        Assert.Equal("v4.channel.k8s.io", socket.SubProtocol);
        var stdout = new StringBuilder();
        var error = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            if (result.Count > 0)
            {
                (buffer[0] == 1 ? stdout : error).Append(buffer[0] == 1 || buffer[0] == 3 ? Encoding.UTF8.GetString(buffer, 1, result.Count - 1) : "");
            }
        }

        Assert.Equal("hi\n", stdout.ToString());
        Assert.Contains("Success", error.ToString(), StringComparison.Ordinal);
    }
}
