using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Images;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Runtime;

/// <summary>
/// Runs the node's containerd as a child process, k3s-like: writes its config.toml, the CNI conflist and the registries'
/// hosts.toml under the agent's data dir, starts it (log in containerd/containerd.log), waits until CRI reports
/// RuntimeReady and NetworkReady and imports the airgap image tarballs of &lt;agent&gt;/images. With an external
/// endpoint it starts nothing and only hands that endpoint out.
/// </summary>
internal sealed partial class ContainerdSupervisor : IAsyncDisposable
{
    private const string CriNamespace = "k8s.io";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan CleanupCallTimeout = TimeSpan.FromSeconds(30);

    private readonly ContainerdOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    private Process? process;

    public ContainerdSupervisor(ContainerdOptions options, ILogger<ContainerdSupervisor> logger, TimeProvider timeProvider)
    {
        this.options = options;
        this.logger = logger;
        this.timeProvider = timeProvider;
        Paths = ContainerdPaths.For(options.AgentDataDir);
    }

    public ContainerdPaths Paths { get; }

    /// <summary>The CRI endpoint for <see cref="CriClient"/>: unix://&lt;socket&gt;, or the external one.</summary>
    public string Endpoint => options.ExternalEndpoint ?? Paths.Endpoint;

    public bool IsExternal => options.ExternalEndpoint is not null;

    /// <summary>The running containerd's pid, null when none runs under this supervisor.</summary>
    public int? ProcessId => process is { HasExited: false } p ? p.Id : null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsExternal)
        {
            LogExternal(Endpoint);
            return;
        }

        if (process is not null)
        {
            throw new InvalidOperationException("containerd is already started");
        }

        await WriteConfigurationAsync(cancellationToken).ConfigureAwait(false);
        await StopStaleAsync(cancellationToken).ConfigureAwait(false);
        File.Delete(Paths.Socket);

        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        // exec keeps containerd's pid ours; the shell only points its output at the log file.
        foreach (var argument in new[] { "-c", "exec \"$0\" --config \"$1\" >>\"$2\" 2>&1", options.ContainerdPath, Paths.ConfigFile, Paths.LogFile })
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {options.ContainerdPath}");
        await File.WriteAllTextAsync(PidFile, process.Id.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        LogStarted(process.Id, Paths.Socket, Paths.LogFile);
        try
        {
            await WaitReadyAsync(cancellationToken).ConfigureAwait(false);
            await ImportImagesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Imports every tarball of &lt;agent&gt;/images into the k8s.io namespace and waits until CRI lists their images.</summary>
    public async Task<IReadOnlyList<ImageReference>> ImportImagesAsync(CancellationToken cancellationToken)
    {
        var imported = new List<ImageReference>();
        if (!Directory.Exists(Paths.ImagesDir))
        {
            return imported;
        }

        foreach (var tarball in Directory.EnumerateFiles(Paths.ImagesDir, "*.tar").Order(StringComparer.Ordinal))
        {
            await HostCommand.RunCheckedAsync(options.CtrPath, ["--address", Paths.Socket, "--namespace", CriNamespace, "images", "import", tarball], cancellationToken)
                .ConfigureAwait(false);
            var references = await OciLayoutReader.ReadReferencesAsync(tarball, cancellationToken).ConfigureAwait(false);
            LogImported(tarball, string.Join(", ", references));
            imported.AddRange(references);
        }

        // CRI learns of imported images from containerd's events, a moment after the import returns.
        using var client = new CriClient(Endpoint);
        var deadline = timeProvider.GetUtcNow() + options.StartTimeout;
        foreach (var reference in imported)
        {
            while (await client.ImageStatusAsync(new Cri.V1.ImageSpec { Image = reference.ToString() }, cancellationToken).ConfigureAwait(false) is null)
            {
                if (timeProvider.GetUtcNow() > deadline)
                {
                    throw new TimeoutException($"containerd imported {reference} but CRI does not list it");
                }

                await Task.Delay(PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }

        return imported;
    }

    /// <summary>SIGTERM, then SIGKILL after <see cref="ContainerdOptions.StopTimeout"/>. Shims and pods keep running (as with systemd's containerd).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (process is not { } running)
        {
            return;
        }

        process = null;
        using (running)
        {
            if (!running.HasExited)
            {
                NativeProcess.Signal(running.Id, NativeProcess.SigTerm);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.StopTimeout);
                try
                {
                    await running.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    LogKilled(running.Id);
                    running.Kill();
                    await running.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }

            LogStopped(running.Id, running.ExitCode);
        }

        File.Delete(PidFile);
    }

    /// <summary>
    /// Leaves the host as before start: every pod sandbox stopped and removed through CRI, containerd stopped, leftover
    /// shims and runc containers killed, mounts under the data dir detached, the bridge, its IPAM state, pods' leftover
    /// network namespaces, libcni's cache and the network's masquerade rules deleted. The data dir itself stays. Does nothing for an external runtime.
    /// </summary>
    public async Task TearDownAsync(CancellationToken cancellationToken)
    {
        if (IsExternal)
        {
            return;
        }

        if (File.Exists(Paths.Socket))
        {
            await RemoveAllSandboxesAsync(cancellationToken).ConfigureAwait(false);
        }

        await StopAsync(cancellationToken).ConfigureAwait(false);
        await StopStaleAsync(cancellationToken).ConfigureAwait(false);
        var shims = HostCleanup.KillShims(Paths.Socket);
        await HostCleanup.RemoveRuncContainersAsync(options.RuncPath, Paths.RuncRoot, cancellationToken).ConfigureAwait(false);
        var socketDir = Path.GetDirectoryName(Paths.Socket)!;
        var mounts = HostCleanup.UnmountUnder([Paths.AgentDataDir, socketDir]);
        await HostCleanup.DeleteLinkAsync(options.BridgeName, cancellationToken).ConfigureAwait(false);
        await HostCleanup.DeleteMasqueradeRulesAsync(options.NetworkName, cancellationToken).ConfigureAwait(false);
        HostCleanup.DeleteAttachments(options.NetworkName);
        DeleteDirectory(Path.Combine(Paths.CniDataDir, options.NetworkName));
        if (!socketDir.StartsWith(Paths.AgentDataDir + "/", StringComparison.Ordinal))
        {
            DeleteDirectory(socketDir);
        }

        LogTornDown(shims.Count, mounts.Count, options.BridgeName);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private string PidFile => Path.Combine(Paths.State, "containerd.pid");

    private async Task WriteConfigurationAsync(CancellationToken cancellationToken)
    {
        foreach (var dir in new[] { Paths.Root, Paths.State, Paths.CniConfDir, Paths.CniDataDir, Paths.RegistryConfigDir, Paths.ImagesDir, Path.GetDirectoryName(Paths.ConfigFile)!, Path.GetDirectoryName(Paths.Socket)! })
        {
            Directory.CreateDirectory(dir);
        }

        await File.WriteAllTextAsync(Paths.ConfigFile, ContainerdConfig.ConfigToml(options, Paths), cancellationToken).ConfigureAwait(false);
        foreach (var stale in Directory.EnumerateFiles(Paths.CniConfDir))
        {
            File.Delete(stale);
        }

        await File.WriteAllTextAsync(Path.Combine(Paths.CniConfDir, "10-kubesharp.conflist"), ContainerdConfig.CniConflist(options, Paths), cancellationToken)
            .ConfigureAwait(false);
        foreach (var host in options.Registries)
        {
            var dir = Path.Combine(Paths.RegistryConfigDir, host.Registry);
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(Path.Combine(dir, "hosts.toml"), ContainerdConfig.HostsToml(host), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops a containerd an earlier run of this agent left behind (its pid file names a live process on our config).</summary>
    private async Task StopStaleAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(PidFile)
            || !int.TryParse(await File.ReadAllTextAsync(PidFile, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }

        string commandLine;
        try
        {
            commandLine = await File.ReadAllTextAsync($"/proc/{pid}/cmdline", cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            File.Delete(PidFile);
            return;
        }

        if (commandLine.Contains(Paths.ConfigFile, StringComparison.Ordinal))
        {
            LogKilled(pid);
            NativeProcess.Signal(pid, NativeProcess.SigKill);
            var deadline = timeProvider.GetUtcNow() + options.StopTimeout;
            while (NativeProcess.IsAlive(pid) && timeProvider.GetUtcNow() < deadline)
            {
                await Task.Delay(PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }

        File.Delete(PidFile);
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var client = new CriClient(Endpoint);
        var deadline = timeProvider.GetUtcNow() + options.StartTimeout;
        var last = "no answer";
        while (true)
        {
            if (process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"containerd exited with code {exited.ExitCode}; see {Paths.LogFile}:\n{Tail(Paths.LogFile)}");
            }

            if (File.Exists(Paths.Socket))
            {
                try
                {
                    var status = await client.StatusAsync(cancellationToken).ConfigureAwait(false);
                    var conditions = status.Status?.Conditions ?? [];
                    if (conditions.Any(c => c.Type == "RuntimeReady" && c.Status) && conditions.Any(c => c.Type == "NetworkReady" && c.Status))
                    {
                        LogReady(Endpoint);
                        return;
                    }

                    last = string.Join("; ", conditions.Where(c => !c.Status).Select(c => $"{c.Type}: {c.Reason} {c.Message}"));
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Unimplemented)
                {
                    last = e.Status.Detail;
                }
            }

            if (timeProvider.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"containerd at {Endpoint} is not ready after {options.StartTimeout}: {last}; see {Paths.LogFile}");
            }

            await Task.Delay(PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RemoveAllSandboxesAsync(CancellationToken cancellationToken)
    {
        using var client = new CriClient(Endpoint);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CleanupCallTimeout);
        try
        {
            foreach (var sandbox in await client.ListPodSandboxAsync(null, timeout.Token).ConfigureAwait(false))
            {
                await client.StopPodSandboxAsync(sandbox.Id, timeout.Token).ConfigureAwait(false);
                await client.RemovePodSandboxAsync(sandbox.Id, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // containerd is gone or stuck: the host-level cleanup that follows removes what it left.
            LogSandboxCleanupFailed(e.Message);
        }
    }

    private static string Tail(string file)
    {
        try
        {
            return string.Join('\n', File.ReadLines(file).TakeLast(20));
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static void DeleteDirectory(string dir)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Using the external container runtime at {Endpoint}")]
    private partial void LogExternal(string endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Started containerd (pid {Pid}) on {Socket}, logging to {LogFile}")]
    private partial void LogStarted(int pid, string socket, string logFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "containerd is ready at {Endpoint}")]
    private partial void LogReady(string endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Tarball}: {Images}")]
    private partial void LogImported(string tarball, string images);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Killing containerd (pid {Pid})")]
    private partial void LogKilled(int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "containerd (pid {Pid}) exited with code {ExitCode}")]
    private partial void LogStopped(int pid, int exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove pod sandboxes through CRI: {Reason}")]
    private partial void LogSandboxCleanupFailed(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tore down containerd: {Shims} shim(s) killed, {Mounts} mount(s) detached, bridge {Bridge} deleted")]
    private partial void LogTornDown(int shims, int mounts, string bridge);
}
