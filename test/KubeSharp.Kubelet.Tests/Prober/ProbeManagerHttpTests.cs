using k8s.Models;
using KubeSharp.Kubelet.Prober;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.Kubelet.Tests.Prober;

public sealed class ProbeManagerHttpTests
{
    [Fact]
    public async Task ReadinessProbe_HttpStatus500_UnhealthyEventWithUpstreamMessage()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/healthz", () => Results.StatusCode(500)));
        await using var h = new ProbeHarness();
        var probe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = "http" }, PeriodSeconds = 10, TimeoutSeconds = 1, FailureThreshold = 1 };
        var container = new V1Container { Name = "app", Image = "busybox", ReadinessProbe = probe, Ports = [new V1ContainerPort { Name = "http", ContainerPort = server.Port }] };
        var pod = ProbeHarness.Pod(container);
        h.Manager.AddPod(pod);
        await h.RoundAsync(ProbeType.Readiness);
        h.Status(pod, h.Running("containerd://c1"));
        await h.RoundAsync(ProbeType.Readiness);

        Assert.Equal(("spec.containers{app}", "Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 500"), Assert.Single(h.Events.Events));
        Assert.False(h.Status(pod, h.Running("containerd://c1")).Ready);
    }

    [Fact]
    public async Task LivenessProbe_TcpOpen_StaysAlive()
    {
        await using var server = await LoopbackServer.StartAsync(_ => { });
        await using var h = new ProbeHarness();
        var probe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = server.Port }, PeriodSeconds = 10, TimeoutSeconds = 1, FailureThreshold = 1 };
        var container = new V1Container { Name = "app", Image = "busybox", LivenessProbe = probe };
        var pod = ProbeHarness.Pod(container);
        h.Manager.AddPod(pod);
        await h.RoundAsync(ProbeType.Liveness);
        h.Status(pod, h.Running("containerd://c1"));
        await h.TickAsync(ProbeType.Liveness);

        Assert.Empty(h.Events.Events);
        Assert.True(h.Manager.TryGetResult(ProbeType.Liveness, "containerd://c1", out var result));
        Assert.Equal(ProbeResult.Success, result);
    }
}
