using System.Diagnostics;
using System.Text;

namespace KubeSharp.E2E.Infrastructure;

/// <summary>A `kubesharp agent --simulate N` process joined to a test's server with its token; stopped by PID (SIGKILL: a dead node).</summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private AgentProcess(Process process)
    {
        _process = process;
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

    public static AgentProcess Start(ClusterFixture cluster, int nodes, string namePrefix)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var token = File.ReadAllText(Path.Combine(cluster.DataDir, "server", "token")).Trim();
        foreach (var a in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "kubesharp.dll"), "agent", "--server", $"https://127.0.0.1:{cluster.Port}", "--token", token,
                     "--simulate", nodes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--node-name-prefix", namePrefix,
                 })
        {
            psi.ArgumentList.Add(a);
        }

        return new AgentProcess(Process.Start(psi)!);
    }

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
