using System.Diagnostics;
using System.Text;
using KubeSharp.Testing;

namespace KubeSharp.E2E.Infrastructure;

/// <summary>
/// A `kubesharp agent` process joined to a test's server with its token — simulated nodes (`--simulate N`) or a real node
/// with its own containerd — stopped by PID (SIGKILL: a dead node; or SIGTERM). A real node's pods, containerd and
/// network are removed with `kubesharp killall` when it is disposed.
/// </summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private readonly string? _dataDir;

    private AgentProcess(Process process, string? dataDir = null)
    {
        _process = process;
        _dataDir = dataDir;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static AgentProcess Start(ClusterFixture cluster, int nodes, string namePrefix) =>
        new(Launch(cluster, ["--simulate", nodes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--node-name-prefix", namePrefix]));

    /// <summary>A real node: kubelet and containerd under <paramref name="dataDir"/>.</summary>
    public static AgentProcess StartNode(ClusterFixture cluster, string nodeName, string dataDir, params string[] extraArgs) =>
        new(Launch(cluster, ["--node-name", nodeName, "--data-dir", dataDir, "--kubelet-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. extraArgs]), dataDir);

    private static Process Launch(ClusterFixture cluster, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var token = File.ReadAllText(Path.Combine(cluster.DataDir, "server", "token")).Trim();
        foreach (var a in new[] { ProcessRunner.KubesharpDll, "agent", "--server", $"https://127.0.0.1:{cluster.Port}", "--token", token }
                     .Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi)!;
    }

    /// <summary>SIGTERM, as a service manager stops it: the exit code (a process ignoring it fails the test).</summary>
    public Task<int> StopAsync() => Signals.TerminateAsync(_process, TimeSpan.FromSeconds(60));

    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        if (_dataDir is not null)
        {
            (await ProcessRunner.KubesharpAsync("killall", "--data-dir", _dataDir)).Ok();
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
