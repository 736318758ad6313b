using System.Diagnostics;
using System.Globalization;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Tests.Streaming;

/// <summary>
/// A private containerd (own root, state and socket under a temp dir) with the busybox and pause test images
/// imported. Pods run on the host network, so no bridge, CNI state or iptables rules are created. Disposal removes
/// every sandbox, stops containerd and its shims, unmounts what is left and deletes the directory.
/// </summary>
internal sealed class ContainerdProcess : IAsyncDisposable
{
    public const string BusyboxImageName = "docker.io/library/busybox:1.35";
    public const string PauseImageName = "registry.k8s.io/pause:3.9";

    private readonly Process _process;

    private ContainerdProcess(string dir, Process process, CriClient client)
    {
        Dir = dir;
        _process = process;
        Runtime = client;
    }

    public string Dir { get; }

    public string Socket => Path.Combine(Dir, "c.sock");

    public CriClient Runtime { get; }

    public string LogDirectory => Path.Combine(Dir, "logs", "pods");

    public static async Task<ContainerdProcess> StartAsync()
    {
        if (!File.Exists("/usr/bin/containerd") || !File.Exists("/usr/bin/busybox"))
        {
            throw new InvalidOperationException("containerd or busybox-static is not installed: these tests need a real containerd");
        }

        var dir = Path.Combine("/tmp", "kss" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(Path.Combine(dir, "cni-conf"));
        var socket = Path.Combine(dir, "c.sock");
        File.WriteAllText(Path.Combine(dir, "config.toml"), $"""
            version = 2
            root = "{dir}/root"
            state = "{dir}/state"
            [grpc]
              address = "{socket}"
            [plugins."io.containerd.grpc.v1.cri"]
              sandbox_image = "{PauseImageName}"
              restrict_oom_score_adj = true
              stream_server_address = "127.0.0.1"
              stream_server_port = "0"
              [plugins."io.containerd.grpc.v1.cri".containerd]
                snapshotter = "overlayfs"
                default_runtime_name = "runc"
                [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                  runtime_type = "io.containerd.runc.v2"
                  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                    SystemdCgroup = false
              [plugins."io.containerd.grpc.v1.cri".cni]
                bin_dir = "/usr/lib/cni"
                conf_dir = "{dir}/cni-conf"
            """);
        var start = new ProcessStartInfo("/usr/bin/containerd", ["--config", Path.Combine(dir, "config.toml")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start)!;
        var log = File.CreateText(Path.Combine(dir, "containerd.log"));
        process.ErrorDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); log.Flush(); } };
        process.OutputDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); log.Flush(); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var client = new CriClient("unix://" + socket);
        var self = new ContainerdProcess(dir, process, client);
        try
        {
            for (var i = 0; ; i++)
            {
                try
                {
                    if (File.Exists(socket))
                    {
                        await client.VersionAsync(CancellationToken.None);
                        break;
                    }
                }
                catch (Grpc.Core.RpcException) when (i < 200)
                {
                }

                if (i >= 200 || process.HasExited)
                {
                    throw new InvalidOperationException("containerd did not start; see " + Path.Combine(dir, "containerd.log"));
                }

                await Task.Delay(50);
            }

            BusyboxImage.Write(Path.Combine(dir, "busybox.tar"), "1.35", null);
            BusyboxImage.Write(Path.Combine(dir, "pause.tar"), "3.9", ["/bin/sleep", "2147483647"]);
            await CtrAsync(socket, "images", "import", "--base-name", "docker.io/library/busybox", Path.Combine(dir, "busybox.tar"));
            await CtrAsync(socket, "images", "import", "--base-name", "registry.k8s.io/pause", Path.Combine(dir, "pause.tar"));
            return self;
        }
        catch
        {
            await self.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a host-network pod with one container labelled as the kubelet labels them; returns its ids.</summary>
    public async Task<(string SandboxId, string ContainerId)> RunPodAsync(string ns, string name, string uid, string container, IReadOnlyList<string> command,
        bool stdin = false)
    {
        var hostNetwork = new NamespaceOption { Network = NamespaceMode.Node };
        var logDirectory = Path.Combine(LogDirectory, $"{ns}_{name}_{uid}");
        Directory.CreateDirectory(logDirectory);
        var sandboxConfig = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = name, Namespace = ns, Uid = uid },
            LogDirectory = logDirectory,
            Linux = new LinuxPodSandboxConfig { SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = hostNetwork } },
        };
        sandboxConfig.Labels[CriLabels.PodNamespace] = ns;
        sandboxConfig.Labels[CriLabels.PodName] = name;
        sandboxConfig.Labels[CriLabels.PodUid] = uid;
        var sandboxId = await Runtime.RunPodSandboxAsync(sandboxConfig, "", CancellationToken.None);
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = container },
            Image = new ImageSpec { Image = BusyboxImageName },
            LogPath = $"{container}/0.log",
            Stdin = stdin,
            Linux = new LinuxContainerConfig { SecurityContext = new LinuxContainerSecurityContext { NamespaceOptions = hostNetwork } },
        };
        config.Command.AddRange(command);
        config.Labels[CriLabels.PodNamespace] = ns;
        config.Labels[CriLabels.PodName] = name;
        config.Labels[CriLabels.PodUid] = uid;
        config.Labels[CriLabels.ContainerName] = container;
        config.Annotations[CriLabels.ContainerRestartCount] = "0";
        var containerId = await Runtime.CreateContainerAsync(sandboxId, config, sandboxConfig, CancellationToken.None);
        await Runtime.StartContainerAsync(containerId, CancellationToken.None);
        return (sandboxId, containerId);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            foreach (var sandbox in await Runtime.ListPodSandboxAsync(null, timeout.Token))
            {
                await Runtime.StopPodSandboxAsync(sandbox.Id, timeout.Token);
                await Runtime.RemovePodSandboxAsync(sandbox.Id, timeout.Token);
            }
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or OperationCanceledException)
        {
            // containerd is gone or stuck: the kills below still clean up.
        }

        Runtime.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        foreach (var pid in Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(p => p!.All(char.IsAsciiDigit)))
        {
            try
            {
                var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
                if (cmdline.Contains("containerd-shim", StringComparison.Ordinal) && cmdline.Contains(Socket, StringComparison.Ordinal))
                {
                    using var shim = Process.GetProcessById(int.Parse(pid!, CultureInfo.InvariantCulture));
                    shim.Kill(entireProcessTree: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // The process ended meanwhile.
            }
        }

        var mounts = File.ReadAllLines("/proc/mounts").Select(l => l.Split(' ')[1]).Where(m => m.StartsWith(Dir + "/", StringComparison.Ordinal))
            .OrderByDescending(m => m.Length);
        foreach (var mount in mounts)
        {
            using var umount = Process.Start("umount", ["-l", mount]);
            await umount.WaitForExitAsync();
        }

        Directory.Delete(Dir, recursive: true);
    }

    private static async Task CtrAsync(string socket, params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/ctr", ["-a", socket, "-n", "k8s.io", .. args])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var ctr = Process.Start(start)!;
        var stderr = ctr.StandardError.ReadToEndAsync();
        var stdout = ctr.StandardOutput.ReadToEndAsync();
        await ctr.WaitForExitAsync();
        if (ctr.ExitCode != 0)
        {
            throw new InvalidOperationException($"ctr {string.Join(' ', args)} failed: {await stderr}{await stdout}");
        }
    }
}
