using System.Diagnostics;

namespace KubeSharp.Testing;

/// <summary>
/// A real single-member etcd (Debian's etcd-server) on 127.0.0.1 with free ports and a temporary data directory; stopped by
/// its process id and its directory removed on dispose. Without etcd installed, starting fails and says how to install it.
/// </summary>
public sealed class EtcdProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDir;

    private EtcdProcess(Process process, string dataDir, string endpoint)
    {
        _process = process;
        _dataDir = dataDir;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator)
            .Append("/usr/bin")
            .Select(d => Path.Combine(d, "etcd"))
            .FirstOrDefault(File.Exists);

    public static async Task<EtcdProcess> StartAsync(CancellationToken cancellationToken = default)
    {
        var etcd = Find() ?? throw new InvalidOperationException(
            "etcd is not installed (no 'etcd' on PATH): install it with 'apt-get install -y etcd-server' (scripts/install.sh does)");
        var dataDir = Directory.CreateTempSubdirectory("kubesharp-etcd-").FullName;
        var clientPort = FreePort.Next();
        var peerPort = FreePort.Next();
        var endpoint = $"http://127.0.0.1:{clientPort}";
        var start = new ProcessStartInfo(etcd) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--name", "test", "--data-dir", Path.Combine(dataDir, "data"),
            "--listen-client-urls", endpoint, "--advertise-client-urls", endpoint,
            "--listen-peer-urls", $"http://127.0.0.1:{peerPort}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peerPort}",
            "--initial-cluster", $"test=http://127.0.0.1:{peerPort}", "--log-level", "error",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {etcd}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = new EtcdProcess(process, dataDir, endpoint);
        try
        {
            await started.WaitHealthyAsync(cancellationToken);
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"etcd exited with code {_process.ExitCode}");
            }

            try
            {
                var health = await http.GetStringAsync(Endpoint + "/health", cancellationToken);
                if (health.Contains("\"health\":\"true\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"etcd at {Endpoint} did not become healthy");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
