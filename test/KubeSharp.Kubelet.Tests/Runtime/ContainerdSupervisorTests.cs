using System.Text;
using System.Text.RegularExpressions;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Images;
using KubeSharp.Kubelet.Runtime;
using KubeSharp.Testing;

namespace KubeSharp.Kubelet.Tests.Runtime;

[Trait("Category", "Containerd")]
public sealed partial class ContainerdSupervisorTests
{
    [Fact]
    public async Task StartAsync_AirgapTarballs_ImagesListedThroughCri()
    {
        await using var containerd = await ContainerdFixture.StartAsync();

        var tags = (await containerd.Cri.ListImagesAsync(CancellationToken.None)).SelectMany(i => i.RepoTags).ToList();

        Assert.Contains(BuiltInImages.BusyboxReference, tags);
        Assert.Contains(BuiltInImages.PauseReference, tags);
    }

    [Fact]
    public async Task TearDownAsync_AfterAPodRan_LeavesNoProcessMountBridgeOrChain()
    {
        var containerd = await ContainerdFixture.StartAsync();
        var pid = containerd.Supervisor.ProcessId!.Value;
        var socket = containerd.Supervisor.Paths.Socket;
        var agentDir = containerd.AgentDataDir;
        var sandbox = containerd.NewSandboxConfig("teardown");
        var sandboxId = await containerd.Cri.RunPodSandboxAsync(sandbox, "", CancellationToken.None);
        var container = await containerd.Cri.CreateContainerAsync(
            sandboxId, ContainerdFixture.BusyboxContainer("sleeper", "sleep", "3600"), sandbox, CancellationToken.None);
        await containerd.Cri.StartContainerAsync(container, CancellationToken.None);
        Assert.True(HostCleanup.LinkExists(containerd.BridgeName));
        Assert.NotEmpty(await HostCleanup.MasqueradeChainsAsync(containerd.NetworkName, CancellationToken.None));

        await containerd.DisposeAsync();

        Assert.False(NativeProcess.IsAlive(pid));
        Assert.Null(containerd.Supervisor.ProcessId);
        Assert.Empty(HostCleanup.KillShims(socket));
        Assert.DoesNotContain(HostCleanup.MountPoints(), m => m.StartsWith(agentDir, StringComparison.Ordinal));
        Assert.False(HostCleanup.LinkExists(containerd.BridgeName));
        Assert.Empty(await HostCleanup.MasqueradeChainsAsync(containerd.NetworkName, CancellationToken.None));
        Assert.False(Directory.Exists(agentDir));
    }

    [Fact]
    public async Task TearDownAsync_AfterContainerdWasKilled_RemovesPodsShimsNamespacesAndRules()
    {
        var containerd = await ContainerdFixture.StartAsync();
        var socket = containerd.Supervisor.Paths.Socket;
        var sandbox = containerd.NewSandboxConfig("orphan");
        var sandboxId = await containerd.Cri.RunPodSandboxAsync(sandbox, "", CancellationToken.None);
        var container = await containerd.Cri.CreateContainerAsync(
            sandboxId, ContainerdFixture.BusyboxContainer("sleeper", "sleep", "3601"), sandbox, CancellationToken.None);
        await containerd.Cri.StartContainerAsync(container, CancellationToken.None);
        var namespaces = HostCleanup.AttachmentNamespaces(containerd.NetworkName);
        Assert.NotEmpty(namespaces);
        Assert.True(NativeProcess.Signal(containerd.Supervisor.ProcessId!.Value, NativeProcess.SigKill));

        await containerd.DisposeAsync();

        Assert.Empty(HostCleanup.KillShims(socket));
        Assert.DoesNotContain(HostCleanup.MountPoints(), m => m.StartsWith(containerd.AgentDataDir, StringComparison.Ordinal) || namespaces.Contains(m));
        Assert.All(namespaces, n => Assert.False(File.Exists(n)));
        Assert.False(HostCleanup.LinkExists(containerd.BridgeName));
        Assert.Empty(await HostCleanup.MasqueradeChainsAsync(containerd.NetworkName, CancellationToken.None));
        Assert.DoesNotContain(
            Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "cmdline")),
            f => File.Exists(f) && ReadOrEmpty(f) == "sleep\03601\0");
    }

    [Fact]
    public async Task RunPodSandbox_BusyboxHttpd_ServesHttpFromPodIpWithExecAndCriLogs()
    {
        await using var containerd = await ContainerdFixture.StartAsync();
        var cri = containerd.Cri;
        var sandbox = containerd.NewSandboxConfig("web");

        var sandboxId = await cri.RunPodSandboxAsync(sandbox, "", CancellationToken.None);
        var podIp = (await cri.PodSandboxStatusAsync(sandboxId, CancellationToken.None)).Network.Ip;
        Assert.StartsWith(containerd.PodSubnet[..containerd.PodSubnet.LastIndexOf('.')], podIp, StringComparison.Ordinal);

        var config = ContainerdFixture.BusyboxContainer(
            "httpd", "sh", "-c", "echo hello-from-pod > /var/www/index.html && echo serving && exec httpd -f -p 8080 -h /var/www");
        var containerId = await cri.CreateContainerAsync(sandboxId, config, sandbox, CancellationToken.None);
        await cri.StartContainerAsync(containerId, CancellationToken.None);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var body = await Retry.WhileStartingAsync(() => http.GetStringAsync(new Uri($"http://{podIp}:8080/")));
        Assert.Equal("hello-from-pod\n", body);

        var exec = await cri.ExecSyncAsync(containerId, ["sh", "-c", "id -u; hostname; ls /tmp -ld"], 10, CancellationToken.None);
        Assert.Equal(0, exec.ExitCode);
        var lines = Encoding.UTF8.GetString(exec.Stdout.Span).Split('\n');
        Assert.Equal("0", lines[0]);
        Assert.Equal("web", lines[1]);
        Assert.StartsWith("drwxrwxrwt", lines[2], StringComparison.Ordinal);

        var logFile = Path.Combine(sandbox.LogDirectory, "httpd", "0.log");
        var log = await Retry.WhileStartingAsync(async () => (await File.ReadAllTextAsync(logFile)) is { Length: > 0 } text ? text : throw new IOException("empty log"));
        Assert.Matches(CriLogLine(), log.Split('\n')[0]);

        await cri.StopPodSandboxAsync(sandboxId, CancellationToken.None);
        await cri.RemovePodSandboxAsync(sandboxId, CancellationToken.None);
    }

    private static string ReadOrEmpty(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (IOException)
        {
            return "";
        }
    }

    // <RFC3339Nano time> <stream> <P|F> <text>: the CRI logging format kubectl logs reads.
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+(Z|[+-]\d\d:\d\d) stdout F serving$")]
    private static partial Regex CriLogLine();
}
