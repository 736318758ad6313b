using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Kubelet.Hosting;
using KubeSharp.Kubelet.Tests.Kuberuntime;
using KubeSharp.Kubelet.Tests.Simulation;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Kubelet.Tests.Hosting;

/// <summary>The kubelet against a real in-process API server and the fake CRI runtime.</summary>
public sealed class KubeletServiceTests(ApiServerFixture api) : IClassFixture<ApiServerFixture>
{
    [Fact]
    public async Task RunAsync_BoundPod_RunningAndReadyWithPodIp()
    {
        await using var kubelet = await RunningKubelet.StartAsync(api.Client);
        var pod = await CreatePodAsync(kubelet.NodeName, "web", "Always", TestPods.Container("app"));

        var status = await Eventually.GetAsync(async () =>
        {
            var p = await api.Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, "default");
            return p.Status?.Phase == "Running" && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true ? p.Status : null;
        }, "pod running and ready");

        Assert.StartsWith("10.88.0.", status.PodIP);
        Assert.Equal("10.0.0.7", status.HostIP);
        var container = Assert.Single(status.ContainerStatuses);
        Assert.StartsWith("containerd://", container.ContainerID);
        Assert.True(container.Ready);
        Assert.NotNull(status.StartTime);
    }

    [Fact]
    public async Task RunAsync_FailingContainer_RestartsWithCrashLoopBackOff()
    {
        await using var kubelet = await RunningKubelet.StartAsync(api.Client);
        kubelet.Runtime.ExitCodes["fail"] = 1;
        var pod = await CreatePodAsync(kubelet.NodeName, "crash", "Always", TestPods.Container("fail"));

        var container = await Eventually.GetAsync(async () =>
        {
            var p = await api.Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, "default");
            var c = p.Status?.ContainerStatuses?.FirstOrDefault();
            return c is { RestartCount: >= 1, State.Waiting.Reason: "CrashLoopBackOff" } ? c : null;
        }, "CrashLoopBackOff");

        Assert.StartsWith("back-off ", container.State.Waiting.Message);
        Assert.EndsWith($"restarting failed container=fail pod={pod.Metadata.Name}_default({pod.Metadata.Uid})", container.State.Waiting.Message);
        Assert.Equal(1, container.LastState.Terminated.ExitCode);
    }

    [Fact]
    public async Task RunAsync_NeverRestartExitZero_Succeeded()
    {
        await using var kubelet = await RunningKubelet.StartAsync(api.Client);
        kubelet.Runtime.ExitCodes["job"] = 0;
        var pod = await CreatePodAsync(kubelet.NodeName, "once", "Never", TestPods.Container("job"));

        var status = await Eventually.GetAsync(async () =>
        {
            var p = await api.Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, "default");
            return p.Status?.Phase == "Succeeded" ? p.Status : null;
        }, "pod succeeded");

        Assert.Equal("Completed", status.ContainerStatuses[0].State.Terminated.Reason);
        Assert.Equal(0, status.ContainerStatuses[0].RestartCount);
    }

    [Fact]
    public async Task RunAsync_PodDeleted_ContainersKilledAndObjectGone()
    {
        await using var kubelet = await RunningKubelet.StartAsync(api.Client);
        var pod = await CreatePodAsync(kubelet.NodeName, "doomed", "Always", TestPods.Container("app"));
        await Eventually.TrueAsync(() => Task.FromResult(kubelet.Runtime.RunningContainers("app") == 1), "container running");

        await api.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, "default");

        await Eventually.TrueAsync(async () =>
        {
            try
            {
                var p = await api.Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, "default");
                return p.Metadata.Uid != pod.Metadata.Uid;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return true;
            }
        }, "pod object deleted");
        Assert.Equal(0, kubelet.Runtime.RunningContainers());
        Assert.Contains(kubelet.Runtime.Calls, c => c == "StopContainer app");
    }

    [Fact]
    public async Task RunAsync_Node_RegistersReadyAndRenewsLease()
    {
        await using var kubelet = await RunningKubelet.StartAsync(api.Client);

        var node = await Eventually.GetAsync(async () =>
        {
            try
            {
                var n = await api.Client.CoreV1.ReadNodeAsync(kubelet.NodeName);
                return n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true ? n : null;
            }
            catch (HttpOperationException)
            {
                return null;
            }
        }, "node ready");
        Assert.Equal("kubelet is posting ready status", node.Status.Conditions.Single(c => c.Type == "Ready").Message);
        Assert.Equal(kubelet.NodeName, node.Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Equal("true", node.Metadata.Labels["node-role.kubernetes.io/control-plane"]);
        Assert.Equal("containerd://1.6.20", node.Status.NodeInfo.ContainerRuntimeVersion);
        Assert.Equal("110", node.Status.Capacity["pods"].ToString());
        Assert.Contains(node.Status.Addresses, a => a.Type == "InternalIP" && a.Address == "10.0.0.7");
        Assert.Equal("dedicated", Assert.Single(node.Spec.Taints).Key);

        var first = (await api.Client.CoordinationV1.ReadNamespacedLeaseAsync(kubelet.NodeName, "kube-node-lease")).Spec.RenewTime;
        await Eventually.TrueAsync(async () =>
            (await api.Client.CoordinationV1.ReadNamespacedLeaseAsync(kubelet.NodeName, "kube-node-lease")).Spec.RenewTime > first, "lease renewed");
    }

    [Fact]
    public async Task RunAsync_ActiveDeadlinePassed_KilledAndFailedDeadlineExceeded()
    {
        await using var kubelet = await RunningKubelet.StartAsync(api.Client);
        var pod = await CreatePodAsync(kubelet.NodeName, "deadline", "Always", TestPods.Container("app"), activeDeadlineSeconds: 1);

        var status = await Eventually.GetAsync(async () =>
        {
            var p = await api.Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, "default");
            return p.Status?.Phase == "Failed" ? p.Status : null;
        }, "pod failed by its deadline");

        Assert.Equal(("DeadlineExceeded", "Pod was active on the node longer than the specified deadline"), (status.Reason, status.Message));
        Assert.Equal(0, kubelet.Runtime.RunningContainers("app"));
        Assert.DoesNotContain(status.Conditions, c => c.Type == "DisruptionTarget");
    }

    [Fact]
    public async Task RunAsync_PodBeyondAllocatableCpu_RejectedOutOfcpuNothingStarted()
    {
        await using var kubelet = await RunningKubelet.StartAsync(api.Client);
        var container = TestPods.Container("hungry");
        container.Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100000") } };
        var pod = await CreatePodAsync(kubelet.NodeName, "hungry", "Always", container);

        var status = await Eventually.GetAsync(async () =>
        {
            var p = await api.Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, "default");
            return p.Status?.Phase == "Failed" ? p.Status : null;
        }, "pod rejected");

        Assert.Equal("OutOfcpu", status.Reason);
        Assert.StartsWith("Pod was rejected: Node didn't have enough resource: cpu, requested: 100000000, used: 0, capacity: ", status.Message);
        Assert.DoesNotContain(kubelet.Runtime.Calls, c => c.StartsWith("CreateContainer", StringComparison.Ordinal) || c.StartsWith("RunPodSandbox", StringComparison.Ordinal));
    }

    private async Task<V1Pod> CreatePodAsync(string nodeName, string name, string restartPolicy, V1Container container, long? activeDeadlineSeconds = null)
    {
        var pod = TestPods.Pod(name, restartPolicy, container);
        pod.Spec.ActiveDeadlineSeconds = activeDeadlineSeconds;
        pod.Metadata.Name = $"{name}-{Guid.NewGuid().ToString("N")[..6]}";
        pod.Metadata.Uid = null;
        pod.Spec.NodeName = nodeName;
        var created = await api.Client.CoreV1.CreateNamespacedPodAsync(pod, "default");
        return created;
    }

    private sealed class RunningKubelet : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _run = Task.CompletedTask;
        private KubeletService _service = null!;
        private string _dir = "";

        public string NodeName { get; } = "node-" + Guid.NewGuid().ToString("N")[..8];

        public FakeRuntime Runtime { get; } = new(TimeProvider.System);

        public static Task<RunningKubelet> StartAsync(IKubernetes client)
        {
            var kubelet = new RunningKubelet();
            kubelet._dir = Directory.CreateTempSubdirectory("kubelet-it-").FullName;
            kubelet._service = new KubeletService(new KubeletOptions
            {
                NodeName = kubelet.NodeName,
                NodeIp = "10.0.0.7",
                DataDir = kubelet._dir,
                IsServer = true,
                NodeTaints = ["dedicated=test:NoSchedule"],
                ResolvConf = "/nonexistent",
                NodeStatusUpdateFrequency = TimeSpan.FromMilliseconds(500),
                PlegRelistPeriod = TimeSpan.FromMilliseconds(200),
                PodBackOffPeriod = TimeSpan.FromMilliseconds(500),
                CrashLoopBackOffInitial = TimeSpan.FromSeconds(1),
                CrashLoopBackOffMax = TimeSpan.FromSeconds(4),
                HousekeepingPeriod = TimeSpan.FromMilliseconds(500),
            }, client, kubelet.Runtime, kubelet.Runtime, new KubeletDependencies(), TimeProvider.System, NullLoggerFactory.Instance);
            kubelet._run = Task.Run(() => kubelet._service.RunAsync(kubelet._stop.Token));
            return Task.FromResult(kubelet);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run;
            await _service.DisposeAsync();
            _stop.Dispose();
            Directory.Delete(_dir, recursive: true);
        }
    }
}
