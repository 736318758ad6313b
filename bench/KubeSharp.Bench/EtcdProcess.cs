using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KubeSharp.Storage;

namespace KubeSharp.Bench;

/// <summary>
/// A throwaway etcd for <c>--etcd auto</c>: free loopback ports, a temporary data directory, stopped by its process id
/// and the directory deleted on dispose.
/// </summary>
internal sealed class EtcdProcess : IAsyncDisposable
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

    public static async Task<EtcdProcess> StartAsync(CancellationToken cancellationToken)
    {
        var dataDir = Directory.CreateTempSubdirectory("kubesharp-bench-etcd-").FullName;
        var endpoint = $"http://127.0.0.1:{FreePort()}";
        var peer = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("etcd") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["--name", "bench", "--data-dir", dataDir, "--listen-client-urls", endpoint, "--advertise-client-urls", endpoint,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", $"bench={peer}", "--log-level", "error"])
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("could not start etcd");
        }
        catch
        {
            Directory.Delete(dataDir, recursive: true);
            throw;
        }

        // Drain its output so that a chatty etcd never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var etcd = new EtcdProcess(process, dataDir, endpoint);
        try
        {
            await etcd.WaitReadyAsync(cancellationToken);
            return etcd;
        }
        catch
        {
            await etcd.DisposeAsync();
            throw;
        }
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(2));
                await using var probe = await StoreFactory.CreateAsync(Endpoint, _dataDir, new StoreOptions(), null, attempt.Token);
                return;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested && !_process.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(100, cancellationToken);
            }
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
        Directory.Delete(_dataDir, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
