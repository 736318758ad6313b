using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KubeSharp.Storage.Etcd;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Storage.Tests.Etcd;

/// <summary>
/// A real etcd on 127.0.0.1 with free ports and a temporary data directory, started once for a test class and
/// stopped by its process id. When etcd is not installed every test using it fails, saying so.
/// </summary>
public sealed class EtcdFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private Process? _process;

    public string Endpoint { get; private set; } = "";

    public static string? FindEtcd() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin")
            .Split(Path.PathSeparator)
            .Append("/usr/bin")
            .Select(d => Path.Combine(d, "etcd"))
            .FirstOrDefault(File.Exists);

    public async Task InitializeAsync()
    {
        var etcd = FindEtcd() ?? throw new InvalidOperationException(
            "etcd is not installed (no 'etcd' on PATH): install it with 'apt-get install -y etcd-server' to run the etcd store tests");
        var clientPort = FreePort();
        var peerPort = FreePort();
        Endpoint = $"http://127.0.0.1:{clientPort}";
        var start = new ProcessStartInfo(etcd)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--name", "test", "--data-dir", Path.Combine(_dir.Path, "data"),
            "--listen-client-urls", Endpoint, "--advertise-client-urls", Endpoint,
            "--listen-peer-urls", $"http://127.0.0.1:{peerPort}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peerPort}",
            "--initial-cluster", $"test=http://127.0.0.1:{peerPort}", "--log-level", "error",
        })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {etcd}");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await using var probe = new EtcdStore(Endpoint, new StoreOptions(), NullLogger.Instance);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await probe.GetCurrentRevisionAsync(cts.Token);
                return;
            }
            catch (Exception ex) when (DateTime.UtcNow < deadline && !_process.HasExited && ex is not InvalidOperationException)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        _dir.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
