using Grpc.Core;
using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Prober;

namespace KubeSharp.Kubelet.Tests.Prober;

public sealed class ProbeManagerTests
{
    private static readonly Func<string, IReadOnlyList<string>, long, Task<ExecSyncResponse>> Fail =
        (_, _, _) => Task.FromResult(new ExecSyncResponse { ExitCode = 1, Stdout = Google.Protobuf.ByteString.CopyFromUtf8("boom") });

    private static readonly Func<string, IReadOnlyList<string>, long, Task<ExecSyncResponse>> Succeed =
        (_, _, _) => Task.FromResult(new ExecSyncResponse { ExitCode = 0 });

    [Fact]
    public async Task UpdatePodStatus_NoProbes_ReadyAndStartedWhenRunning()
    {
        await using var h = new ProbeHarness();
        var pod = ProbeHarness.Pod(new V1Container { Name = "app", Image = "busybox" });
        h.Manager.AddPod(pod);

        var status = h.Status(pod, h.Running("containerd://c1"));

        Assert.True(status.Ready);
        Assert.True(status.Started);
    }

    [Fact]
    public async Task UpdatePodStatus_NotRunning_NotReadyNotStarted()
    {
        await using var h = new ProbeHarness();
        var pod = ProbeHarness.Pod(new V1Container { Name = "app", Image = "busybox" });
        var status = h.Running("containerd://c1");
        status.ContainerStatuses[0].State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } };

        var container = h.Status(pod, status);

        Assert.False(container.Ready);
        Assert.False(container.Started);
    }

    [Fact]
    public async Task ReadinessProbe_BeforeFirstSuccess_NotReadyThenReady()
    {
        await using var h = new ProbeHarness();
        h.Runtime.ExecSync = Succeed;
        var pod = ProbeHarness.Pod(new V1Container { Name = "app", Image = "busybox", ReadinessProbe = ProbeHarness.Exec("ready") });
        h.Manager.AddPod(pod);
        await h.RoundAsync(ProbeType.Readiness);

        // The status update both reports "not ready yet" and triggers an immediate probe.
        Assert.False(h.Status(pod, h.Running("containerd://c1")).Ready);
        await h.RoundAsync(ProbeType.Readiness);

        Assert.Contains(h.Updates, u => u is { Type: ProbeType.Readiness, Result: ProbeResult.Success, ContainerId: "containerd://c1" });
        Assert.True(h.Status(pod, h.Running("containerd://c1")).Ready);
        Assert.Equal(1L, h.Runtime.ExecCalls.Single().Timeout);
    }

    [Fact]
    public async Task ReadinessProbe_SuccessThreshold_ReadyOnlyAfterConsecutiveSuccesses()
    {
        await using var h = new ProbeHarness();
        h.Runtime.ExecSync = Succeed;
        var pod = ProbeHarness.Pod(new V1Container { Name = "app", Image = "busybox", ReadinessProbe = ProbeHarness.Exec("ready", successThreshold: 2) });
        h.Manager.AddPod(pod);
        await h.RoundAsync(ProbeType.Readiness);
        h.Status(pod, h.Running("containerd://c1"));
        await h.RoundAsync(ProbeType.Readiness);

        Assert.DoesNotContain(h.Updates, u => u.Result == ProbeResult.Success);
        await h.TickAsync(ProbeType.Readiness);

        Assert.Contains(h.Updates, u => u is { Type: ProbeType.Readiness, Result: ProbeResult.Success });
    }

    [Fact]
    public async Task ReadinessProbe_Failure_RecordsUnhealthyEventAndStaysUnready()
    {
        await using var h = new ProbeHarness();
        h.Runtime.ExecSync = Fail;
        var pod = ProbeHarness.Pod(new V1Container { Name = "app", Image = "busybox", ReadinessProbe = ProbeHarness.Exec("ready", failureThreshold: 1) });
        h.Manager.AddPod(pod);
        await h.RoundAsync(ProbeType.Readiness);
        h.Status(pod, h.Running("containerd://c1"));
        await h.RoundAsync(ProbeType.Readiness);

        var e = Assert.Single(h.Events.Events);
        Assert.Equal(("spec.containers{app}", "Warning", "Unhealthy", "Readiness probe failed: boom"), e);
        Assert.False(h.Status(pod, h.Running("containerd://c1")).Ready);
    }

    [Fact]
    public async Task LivenessProbe_FailureThreshold_FailsAfterThresholdAndAsksForKill()
    {
        await using var h = new ProbeHarness();
        h.Runtime.ExecSync = Fail;
        var probe = ProbeHarness.Exec("live", failureThreshold: 3);
        probe.TerminationGracePeriodSeconds = 5;
        var container = new V1Container { Name = "app", Image = "busybox", LivenessProbe = probe };
        var pod = ProbeHarness.Pod(container);
        h.Manager.AddPod(pod);
        await h.RoundAsync(ProbeType.Liveness);
        h.Status(pod, h.Running("containerd://c1"));

        await h.TickAsync(ProbeType.Liveness);
        await h.TickAsync(ProbeType.Liveness);
        Assert.Null(h.Manager.GetProbeKill(pod, container, "containerd://c1"));
        await h.TickAsync(ProbeType.Liveness);

        Assert.Contains(h.Updates, u => u is { Type: ProbeType.Liveness, Result: ProbeResult.Failure, ContainerId: "containerd://c1" });
        Assert.Equal(3, h.Events.Count(e => e.Message == "Liveness probe failed: boom"));
        var kill = h.Manager.GetProbeKill(pod, container, "containerd://c1");
        Assert.Equal(new ProbeKill(ProbeType.Liveness, "Container app failed liveness probe, will be restarted", 5, true), kill);
    }

    [Fact]
    public async Task LivenessProbe_AfterFailure_HoldsUntilContainerRestartsThenResets()
    {
        await using var h = new ProbeHarness();
        h.Runtime.ExecSync = Fail;
        var container = new V1Container { Name = "app", Image = "busybox", LivenessProbe = ProbeHarness.Exec("live", failureThreshold: 1) };
        var pod = ProbeHarness.Pod(container, restartPolicy: "Never");
        h.Manager.AddPod(pod);
        await h.RoundAsync(ProbeType.Liveness);
        h.Status(pod, h.Running("containerd://c1"));
        await h.TickAsync(ProbeType.Liveness);
        Assert.Equal("Container app failed liveness probe", h.Manager.GetProbeKill(pod, container, "containerd://c1")?.Message);
        Assert.Equal(30, h.Manager.GetProbeKill(pod, container, "containerd://c1")?.GracePeriodSeconds);

        await h.TickAsync(ProbeType.Liveness);
        Assert.Single(h.Runtime.ExecCalls);

        h.Runtime.ExecSync = Succeed;
        h.Status(pod, h.Running("containerd://c2"));
        await h.TickAsync(ProbeType.Liveness);

        Assert.Equal(2, h.Runtime.ExecCalls.Count);
        Assert.False(h.Manager.TryGetResult(ProbeType.Liveness, "containerd://c1", out _));
        Assert.True(h.Manager.TryGetResult(ProbeType.Liveness, "containerd://c2", out var result));
        Assert.Equal(ProbeResult.Success, result);
    }

    [Fact]
    public async Task StartupProbe_UntilSuccess_GatesLivenessAndStarted()
    {
        await using var h = new ProbeHarness();
        var startupSucceeds = false;
        h.Runtime.ExecSync = (_, cmd, _) => Task.FromResult(new ExecSyncResponse { ExitCode = cmd[0] == "startup" && !startupSucceeds ? 1 : 0 });
        var container = new V1Container { Name = "app", Image = "busybox", StartupProbe = ProbeHarness.Exec("startup", failureThreshold: 30), LivenessProbe = ProbeHarness.Exec("live") };
        var pod = ProbeHarness.Pod(container);
        h.Manager.AddPod(pod);
        await h.RoundAsync(ProbeType.Startup);
        await h.RoundAsync(ProbeType.Liveness);
        Assert.False(h.Status(pod, h.Running("containerd://c1")).Started);

        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.RoundAsync(ProbeType.Startup);
        await h.RoundAsync(ProbeType.Liveness);
        Assert.Equal(["startup"], h.Runtime.ExecCalls.Select(c => c.Command));

        startupSucceeds = true;
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.RoundAsync(ProbeType.Startup);
        await h.RoundAsync(ProbeType.Liveness);
        Assert.Contains(h.Updates, u => u is { Type: ProbeType.Startup, Result: ProbeResult.Success });
        var started = h.Status(pod, h.Running("containerd://c1"));
        Assert.True(started.Started);
        Assert.True(started.Ready);

        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.RoundAsync(ProbeType.Startup);
        await h.RoundAsync(ProbeType.Liveness);
        Assert.Equal(["startup", "startup", "live"], h.Runtime.ExecCalls.Select(c => c.Command));
    }

    [Fact]
    public async Task StartupProbe_FailureThreshold_AsksForKill()
    {
        await using var h = new ProbeHarness();
        h.Runtime.ExecSync = Fail;
        var container = new V1Container { Name = "app", Image = "busybox", StartupProbe = ProbeHarness.Exec("startup", failureThreshold: 1) };
        var pod = ProbeHarness.Pod(container);
        h.Manager.AddPod(pod);
        await h.RoundAsync(ProbeType.Startup);
        h.Status(pod, h.Running("containerd://c1"));
        await h.TickAsync(ProbeType.Startup);

        Assert.Equal("Container app failed startup probe, will be restarted", h.Manager.GetProbeKill(pod, container, "containerd://c1")?.Message);
        Assert.Equal("Startup probe failed: boom", Assert.Single(h.Events.Events).Message);
    }

    [Fact]
    public async Task LivenessProbe_InitialDelay_NotProbedBeforeDelay()
    {
        await using var h = new ProbeHarness();
        var pod = ProbeHarness.Pod(new V1Container { Name = "app", Image = "busybox", LivenessProbe = ProbeHarness.Exec("live", initialDelay: 25) });
        h.Manager.AddPod(pod);
        await h.RoundAsync(ProbeType.Liveness);
        h.Status(pod, h.Running("containerd://c1"));

        await h.TickAsync(ProbeType.Liveness);
        await h.TickAsync(ProbeType.Liveness);
        Assert.Empty(h.Runtime.ExecCalls);
        await h.TickAsync(ProbeType.Liveness);

        Assert.Single(h.Runtime.ExecCalls);
    }

    [Fact]
    public async Task ExecProbe_Timeout_FailsWithUpstreamMessage()
    {
        await using var h = new ProbeHarness();
        h.Runtime.ExecSync = (_, _, _) => throw new RpcException(new Grpc.Core.Status(StatusCode.DeadlineExceeded, "timeout 1s exceeded"));
        var probe = new V1Probe { Exec = new V1ExecAction { Command = ["sleep", "10"] }, TimeoutSeconds = 3, PeriodSeconds = 10, FailureThreshold = 1 };
        var pod = ProbeHarness.Pod(new V1Container { Name = "app", Image = "busybox", LivenessProbe = probe });
        h.Manager.AddPod(pod);
        await h.RoundAsync(ProbeType.Liveness);
        h.Status(pod, h.Running("containerd://c1"));
        await h.TickAsync(ProbeType.Liveness);

        Assert.Equal("Liveness probe failed: command \"sleep 10\" timed out", Assert.Single(h.Events.Events).Message);
        Assert.Equal(3L, h.Runtime.ExecCalls.Single().Timeout);
        Assert.Contains(h.Updates, u => u is { Type: ProbeType.Liveness, Result: ProbeResult.Failure });
    }

    [Fact]
    public async Task ExecProbe_RuntimeError_RetriedThenThrownAway()
    {
        await using var h = new ProbeHarness();
        h.Runtime.ExecSync = (_, _, _) => throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, "container not found"));
        var pod = ProbeHarness.Pod(new V1Container { Name = "app", Image = "busybox", LivenessProbe = ProbeHarness.Exec("live", failureThreshold: 1) });
        h.Manager.AddPod(pod);
        await h.RoundAsync(ProbeType.Liveness);
        h.Status(pod, h.Running("containerd://c1"));
        await h.TickAsync(ProbeType.Liveness);

        Assert.Equal(3, h.Runtime.ExecCalls.Count);
        Assert.Equal("Liveness probe errored and resulted in unknown state: rpc error: code = NotFound desc = container not found", Assert.Single(h.Events.Events).Message);
        Assert.DoesNotContain(h.Updates, u => u.Result == ProbeResult.Failure);
    }

    [Fact]
    public async Task LivenessProbe_PodTerminating_ReportsSuccessWithoutProbing()
    {
        await using var h = new ProbeHarness();
        h.Runtime.ExecSync = Fail;
        var container = new V1Container { Name = "app", Image = "busybox", LivenessProbe = ProbeHarness.Exec("live", failureThreshold: 1) };
        var pod = ProbeHarness.Pod(container);
        pod.Metadata.DeletionTimestamp = h.Time.GetUtcNow().UtcDateTime;
        h.Manager.AddPod(pod);
        await h.RoundAsync(ProbeType.Liveness);
        h.Status(pod, h.Running("containerd://c1"));
        await h.TickAsync(ProbeType.Liveness);

        Assert.Empty(h.Runtime.ExecCalls);
        Assert.Null(h.Manager.GetProbeKill(pod, container, "containerd://c1"));
    }

    [Fact]
    public async Task RemovePod_StopsWorkersAndForgetsResults()
    {
        await using var h = new ProbeHarness();
        var pod = ProbeHarness.Pod(new V1Container { Name = "app", Image = "busybox", LivenessProbe = ProbeHarness.Exec("live") });
        h.Manager.AddPod(pod);
        await h.RoundAsync(ProbeType.Liveness);
        h.Status(pod, h.Running("containerd://c1"));
        await h.TickAsync(ProbeType.Liveness);
        Assert.True(h.Manager.TryGetResult(ProbeType.Liveness, "containerd://c1", out _));

        h.Manager.RemovePod(pod);
        await h.Manager.DisposeAsync();

        Assert.False(h.Manager.TryGetResult(ProbeType.Liveness, "containerd://c1", out _));
    }
}
