using k8s.Models;
using KubeSharp.Kubelet.Kuberuntime;
using KubeSharp.Kubelet.Tests.Prober;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Kubelet.Tests.Kuberuntime;

public sealed class LifecycleHooksTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeRuntime _runtime;
    private readonly HttpClient _http = new();
    private readonly LifecycleHooks _hooks;

    public LifecycleHooksTests()
    {
        _runtime = new FakeRuntime(_time);
        _hooks = new LifecycleHooks(_runtime, _http, _time, new KubeRuntimeOptions { RootDirectory = "/unused" });
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Run_ExecFails_UpstreamMessageWithOutput()
    {
        _runtime.ExecResults["sh -c exit 3"] = (3, "oops");
        var pod = TestPods.Pod("p");
        var handler = new V1LifecycleHandler { Exec = new V1ExecAction { Command = ["sh", "-c", "exit 3"] } };

        var failure = await _hooks.RunAsync(pod, pod.Spec.Containers[0], "cid", handler, [], CancellationToken.None);

        Assert.Equal("Exec lifecycle hook ([sh -c exit 3]) for Container \"app\" in Pod \"p_default(uid-p)\" failed - "
            + "error: command 'sh -c exit 3' exited with 3: oops, message: \"oops\"", failure);
        Assert.Null(await _hooks.RunAsync(pod, pod.Spec.Containers[0], "cid", new V1LifecycleHandler { Exec = new V1ExecAction { Command = ["true"] } }, [],
            CancellationToken.None));
    }

    [Fact]
    public async Task Run_HttpGet_NamedPortHeadersAndStatus()
    {
        var seen = new List<string>();
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/ok", (HttpRequest r) => { seen.Add(r.Headers["X-Hook"].ToString()); return Results.Ok(); });
            app.MapGet("/bad", () => Results.StatusCode(500));
        });
        var pod = TestPods.Pod("p");
        var container = pod.Spec.Containers[0];
        container.Ports = [new V1ContainerPort { Name = "web", ContainerPort = server.Port }];
        V1LifecycleHandler Get(string path) => new()
        {
            HttpGet = new V1HTTPGetAction { Path = path, Port = "web", HttpHeaders = [new V1HTTPHeader { Name = "X-Hook", Value = "poststart" }] },
        };

        Assert.Null(await _hooks.RunAsync(pod, container, "cid", Get("/ok"), ["127.0.0.1"], CancellationToken.None));
        Assert.Equal(["poststart"], seen);
        var failure = await _hooks.RunAsync(pod, container, "cid", Get("/bad"), ["127.0.0.1"], CancellationToken.None);
        Assert.EndsWith("failed - status code 500", failure, StringComparison.Ordinal);
        Assert.StartsWith("HTTP lifecycle hook (/bad) for Container \"app\" in Pod \"p_default(uid-p)\" failed", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Sleep_WaitsItsSeconds()
    {
        var pod = TestPods.Pod("p");
        var run = _hooks.RunAsync(pod, pod.Spec.Containers[0], "cid", new V1LifecycleHandler { Sleep = new V1SleepAction { Seconds = 5 } }, [], CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(run.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
