using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Kubelet.Simulation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Kubelet.Tests.Simulation;

public sealed class SimulatedNodePoolTests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    private IKubernetes Client => fixture.Client;

    [Fact]
    public async Task RunAsync_ThreeNodes_RegistersReadyNodesWithLeases()
    {
        await using var pool = Start(new SimulationOptions { Count = 3, NamePrefix = "reg-node-" }, TimeProvider.System);

        Assert.Equal(["reg-node-0", "reg-node-1", "reg-node-2"], pool.Pool.NodeNames);
        foreach (var name in pool.Pool.NodeNames)
        {
            var node = await Eventually.GetAsync(async () =>
            {
                var n = await GetOrNullAsync(() => Client.CoreV1.ReadNodeAsync(name));
                return n?.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true ? n : null;
            }, $"node {name} Ready");

            Assert.Equal("true", node.Metadata.Labels["kubesharp.io/simulated"]);
            Assert.Equal(name, node.Metadata.Labels["kubernetes.io/hostname"]);
            Assert.Equal("linux", node.Metadata.Labels["kubernetes.io/os"]);
            Assert.Equal("32", node.Status.Capacity["cpu"].ToString());
            Assert.Equal("110", node.Status.Allocatable["pods"].ToString());
            Assert.StartsWith("198.18.", node.Status.Addresses.Single(a => a.Type == "InternalIP").Address);
            Assert.Equal("v1.33.0-kubesharp", node.Status.NodeInfo.KubeletVersion);
            var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
            Assert.Equal("KubeletReady", ready.Reason);
            Assert.Equal("False", node.Status.Conditions.Single(c => c.Type == "MemoryPressure").Status);

            var lease = await Client.CoordinationV1.ReadNamespacedLeaseAsync(name, "kube-node-lease");
            Assert.Equal(name, lease.Spec.HolderIdentity);
            Assert.Equal(40, lease.Spec.LeaseDurationSeconds);
            Assert.NotNull(lease.Spec.RenewTime);
            Assert.Equal("Node", lease.Metadata.OwnerReferences.Single().Kind);
        }
    }

    [Fact]
    public async Task RunAsync_PodBoundToNode_BecomesRunningAndReadyWithPodIp()
    {
        await using var pool = Start(new SimulationOptions { Count = 2 }, TimeProvider.System);
        await WaitForLeaseAsync("sim-node-1");
        var pod = Pod("bound-pod", "sim-node-1");
        pod.Spec.Containers[0].ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Port = 80 } };
        pod.Spec.InitContainers = [new V1Container { Name = "init", Image = "busybox:1.36" }];
        await Client.CoreV1.CreateNamespacedPodAsync(pod, "default");

        var running = await Eventually.GetAsync(async () =>
        {
            var p = await Client.CoreV1.ReadNamespacedPodAsync("bound-pod", "default");
            return p.Status?.Phase == "Running" ? p : null;
        }, "pod Running");

        Assert.Equal("True", running.Status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal("True", running.Status.Conditions.Single(c => c.Type == "ContainersReady").Status);
        Assert.StartsWith("10.64.1.", running.Status.PodIP);
        Assert.Equal(running.Status.PodIP, running.Status.PodIPs.Single().Ip);
        Assert.Equal("198.18.0.2", running.Status.HostIP);
        Assert.NotNull(running.Status.StartTime);
        var container = running.Status.ContainerStatuses.Single();
        Assert.True(container.Ready);
        Assert.True(container.Started);
        Assert.NotNull(container.State.Running);
        Assert.StartsWith("simulated://", container.ContainerID);
        Assert.Equal(0, running.Status.InitContainerStatuses.Single().State.Terminated.ExitCode);
    }

    [Fact]
    public async Task RunAsync_PodOwnedByJob_SucceedsAfterJobPodDuration()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var pool = Start(new SimulationOptions { Count = 1, NamePrefix = "job-node-", JobPodDuration = TimeSpan.FromSeconds(5) }, time);
        await WaitForLeaseAsync("job-node-0");
        var pod = Pod("job-pod", "job-node-0");
        pod.Metadata.OwnerReferences =
            [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = "job", Uid = Guid.NewGuid().ToString(), Controller = true }];
        pod.Spec.RestartPolicy = "Never";
        await Client.CoreV1.CreateNamespacedPodAsync(pod, "default");

        await Eventually.TrueAsync(async () => (await Client.CoreV1.ReadNamespacedPodAsync("job-pod", "default")).Status?.Phase == "Running",
            "job pod Running");
        var succeeded = await Eventually.GetAsync(async () =>
        {
            var p = await Client.CoreV1.ReadNamespacedPodAsync("job-pod", "default");
            return p.Status?.Phase == "Succeeded" ? p : null;
        }, "job pod Succeeded", () => time.Advance(TimeSpan.FromSeconds(1)));

        var terminated = succeeded.Status.ContainerStatuses.Single().State.Terminated;
        Assert.Equal(0, terminated.ExitCode);
        Assert.Equal("Completed", terminated.Reason);
        var ready = succeeded.Status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal("False", ready.Status);
        Assert.Equal("PodCompleted", ready.Reason);
    }

    [Fact]
    public async Task RunAsync_PodDeletedGracefully_Disappears()
    {
        await using var pool = Start(new SimulationOptions { Count = 1, NamePrefix = "del-node-" }, TimeProvider.System);
        await WaitForLeaseAsync("del-node-0");
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("doomed", "del-node-0"), "default");
        await Eventually.TrueAsync(async () => (await Client.CoreV1.ReadNamespacedPodAsync("doomed", "default")).Status?.Phase == "Running",
            "pod Running");

        await Client.CoreV1.DeleteNamespacedPodAsync("doomed", "default", new V1DeleteOptions { GracePeriodSeconds = 30 });

        await Eventually.TrueAsync(async () => await GetOrNullAsync(() => Client.CoreV1.ReadNamespacedPodAsync("doomed", "default")) is null,
            "pod gone");
    }

    [Fact]
    public async Task RunAsync_Stopped_LeasesNoLongerRenewed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var pool = Start(new SimulationOptions { Count = 2, NamePrefix = "stop-node-", HeartbeatInterval = TimeSpan.FromSeconds(10) }, time);
        var first = await WaitForLeaseAsync("stop-node-0");
        await Eventually.TrueAsync(async () => (await Client.CoordinationV1.ReadNamespacedLeaseAsync("stop-node-0", "kube-node-lease")).Spec.RenewTime
            != first.Spec.RenewTime, "lease renewed", () => time.Advance(TimeSpan.FromSeconds(1)));

        await pool.DisposeAsync();
        var before = (await Client.CoordinationV1.ReadNamespacedLeaseAsync("stop-node-0", "kube-node-lease")).Spec.RenewTime;
        time.Advance(TimeSpan.FromMinutes(5));
        var after = (await Client.CoordinationV1.ReadNamespacedLeaseAsync("stop-node-0", "kube-node-lease")).Spec.RenewTime;

        Assert.Equal(before, after);
        Assert.NotNull(await Client.CoreV1.ReadNodeAsync("stop-node-0"));
    }

    [Fact]
    public async Task RunAsync_DeleteNodesOnStop_RemovesNodesAndLeases()
    {
        var pool = Start(new SimulationOptions { Count = 1, NamePrefix = "tmp-node-", DeleteNodesOnStop = true }, TimeProvider.System);
        await WaitForLeaseAsync("tmp-node-0");

        await pool.DisposeAsync();

        Assert.Null(await GetOrNullAsync(() => Client.CoreV1.ReadNodeAsync("tmp-node-0")));
        Assert.Null(await GetOrNullAsync(() => Client.CoordinationV1.ReadNamespacedLeaseAsync("tmp-node-0", "kube-node-lease")));
    }

    private RunningPool Start(SimulationOptions options, TimeProvider time)
    {
        var pool = new SimulatedNodePool(Client, options, time, NullLogger.Instance);
        var stop = new CancellationTokenSource();
        return new RunningPool(pool, pool.RunAsync(stop.Token), stop);
    }

    private Task<V1Lease> WaitForLeaseAsync(string name) =>
        Eventually.GetAsync(() => GetOrNullAsync(() => Client.CoordinationV1.ReadNamespacedLeaseAsync(name, "kube-node-lease")), $"lease {name}");

    private static V1Pod Pod(string name, string nodeName) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1PodSpec { NodeName = nodeName, Containers = [new V1Container { Name = "main", Image = "nginx:1.27" }] },
    };

    private static async Task<T?> GetOrNullAsync<T>(Func<Task<T>> get)
        where T : class
    {
        try
        {
            return await get();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
