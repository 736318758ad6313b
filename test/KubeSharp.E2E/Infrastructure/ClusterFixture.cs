using System.Diagnostics;
using System.Text;
using KubeSharp.Testing;

namespace KubeSharp.E2E.Infrastructure;

/// <summary>
/// A real `kubesharp server` process on loopback with its own data dir, for the real kubectl to talk to. Stopped by PID and
/// its data dir removed when the tests are done.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private Process? _server;
    private readonly StringBuilder _log = new();

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "kubesharp-e2e-" + Guid.NewGuid().ToString("N")[..8]);

    public string Kubeconfig => Path.Combine(DataDir, "kubeconfig.yaml");

    public int Port { get; private set; }

    /// <summary>When set, the server keeps its state in this etcd instead of the embedded SQLite file.</summary>
    public string? DatastoreEndpoint { get; init; }

    /// <summary>More `kubesharp server` flags, e.g. --simulate-nodes 3.</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>
    /// Runs the server's node agent (containerd, kubelet) on 127.0.0.1 with a pod range of its own; off by default, so that
    /// control-plane tests need no containerd. The agent's containers, mounts and pod network are removed at the end.
    /// </summary>
    public bool RunAgent { get; init; }

    /// <summary>The pod range of this cluster (with <see cref="RunAgent"/>): a /16 of 10.64.0.0/10 unlikely to be used by another test run.</summary>
    public string ClusterCidr { get; } = $"10.{64 + Random.Shared.Next(64)}.0.0/16";

    public int KubeletPort { get; } = FreePort.Next();

    public const string NodeName = "e2e-node";

    public string ServerLog
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The directory of the kubectl on PATH, where kubectl.1.27 … kubectl.1.33 live too.</summary>
    public static string KubectlDir { get; } = Path.GetDirectoryName(ResolveKubectl())!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDir);
        Port = FreePort.Next();
        await StartServerAsync();
    }

    public async Task StartServerAsync()
    {
        var dll = ProcessRunner.KubesharpDll;
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "server", "--data-dir", DataDir, "--https-listen-port", Port.ToString(), "--bind-address", "127.0.0.1",
                     "--write-kubeconfig", Kubeconfig })
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var a in ExtraArgs)
        {
            psi.ArgumentList.Add(a);
        }

        var agentArgs = RunAgent
            ? new[] { "--node-ip", "127.0.0.1", "--node-name", NodeName, "--kubelet-port", KubeletPort.ToString(), "--cluster-cidr", ClusterCidr }
            : ["--disable-agent"];
        foreach (var a in agentArgs)
        {
            psi.ArgumentList.Add(a);
        }

        if (DatastoreEndpoint is not null)
        {
            psi.ArgumentList.Add("--datastore-endpoint");
            psi.ArgumentList.Add(DatastoreEndpoint);
        }

        _server = Process.Start(psi)!;
        _server.OutputDataReceived += (_, e) => Append(e.Data);
        _server.ErrorDataReceived += (_, e) => Append(e.Data);
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException($"kubesharp server exited with {_server.ExitCode}:\n{ServerLog}");
            }

            if (File.Exists(Kubeconfig) && (await KubectlAsync("get", "--raw", "/readyz")).ExitCode == 0)
            {
                return;
            }

            await Task.Delay(200);
        }

        await KillServerAsync();
        throw new TimeoutException($"kubesharp server did not become ready:\n{ServerLog}");
    }

    /// <summary>SIGTERM, as a service manager stops it: the server's exit code (a server ignoring it fails the test).</summary>
    public Task<int> StopServerAsync() => Signals.TerminateAsync(_server!, TimeSpan.FromSeconds(60));

    /// <summary>Kills the server the hard way (SIGKILL), as a crash would.</summary>
    public async Task KillServerAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }
    }

    public Task<KubectlResult> KubectlAsync(params string[] args) => KubectlWithInputAsync(null, args);

    public Task<KubectlResult> KubectlWithInputAsync(string? stdin, params string[] args) =>
        ProcessRunner.RunAsync(Path.Combine(KubectlDir, "kubectl"), args, Env(), stdin);

    public Task<KubectlResult> KubectlVersionAsync(string version, params string[] args) => KubectlVersionWithInputAsync(version, null, args);

    public Task<KubectlResult> KubectlVersionWithInputAsync(string version, string? stdin, params string[] args) =>
        ProcessRunner.RunAsync(Path.Combine(KubectlDir, "kubectl." + version), args, Env(), stdin);

    public Dictionary<string, string> Env(IDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string> { ["KUBECONFIG"] = Kubeconfig, ["HOME"] = DataDir, ["KUBECACHEDIR"] = Path.Combine(DataDir, "cache") };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            env[k] = v;
        }

        return env;
    }

    public async Task DisposeAsync()
    {
        await KillServerAsync();
        _server?.Dispose();
        if (RunAgent)
        {
            // Containers outlive the agent (as with k3s): remove them, containerd's shims, mounts and the pod network.
            var killall = await ProcessRunner.KubesharpAsync("killall", "--data-dir", DataDir);
            if (killall.ExitCode != 0)
            {
                throw new InvalidOperationException($"kubesharp killall failed: {killall.Stderr}");
            }
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static string ResolveKubectl()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var candidate = Path.Combine(dir, "kubectl");
            if (File.Exists(candidate))
            {
                var info = new FileInfo(candidate);
                return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
            }
        }

        throw new InvalidOperationException("kubectl is not on PATH");
    }
}
