using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Disruption;
using KubeSharp.Controllers.Runtime;
using KubeSharp.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Controllers.Tests.Disruption;

/// <summary>The disruption controller against a real API server: it writes budgets' status, and evictions obey it.</summary>
public sealed class DisruptionControllerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_ReadyPodsAndBudget_StatusComputedAndEvictionsHonourIt()
    {
        await using var server = await InProcessApiServer.StartAsync();
        var client = server.CreateClient();
        using var stop = new CancellationTokenSource();
        var informers = new SharedInformerFactory(client, TimeProvider.System, NullLoggerFactory.Instance, TimeSpan.Zero);
        await using var events = new EventRecorder(client, "kube-controller-manager", TimeProvider.System, NullLogger<EventRecorder>.Instance);
        var context = new ControllerContext(client, informers, events, TimeProvider.System, NullLoggerFactory.Instance,
            new ControllerManagerOptions { LeaderElect = false });
        var controller = new DisruptionController(context);
        await informers.StartAsync(stop.Token);
        await informers.WaitForSyncAsync(stop.Token);
        var running = controller.RunAsync(stop.Token);

        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "pdb-it" } });
        foreach (var name in new[] { "a", "b", "c" })
        {
            await CreateReadyPodAsync(client, name);
        }

        await client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1PodDisruptionBudgetSpec
            {
                MinAvailable = 2,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            },
        }, "pdb-it");

        var pdb = await WaitForBudgetAsync(client, p => p.Status?.ObservedGeneration == 1 && p.Status.CurrentHealthy == 3);
        Assert.Equal(1, pdb.Status.DisruptionsAllowed);
        Assert.Equal(2, pdb.Status.DesiredHealthy);
        Assert.Equal(3, pdb.Status.ExpectedPods);
        var condition = Assert.Single(pdb.Status.Conditions);
        Assert.Equal(("DisruptionAllowed", "True", "SufficientPods"), (condition.Type, condition.Status, condition.Reason));

        await client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction("a"), "a", "pdb-it");
        var denied = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction("b"), "b", "pdb-it"));
        Assert.Equal(HttpStatusCode.TooManyRequests, denied.Response.StatusCode);

        // Pod a is gone: the controller drops it from disruptedPods and keeps the budget exhausted.
        pdb = await WaitForBudgetAsync(client, p => p.Status?.CurrentHealthy == 2 && (p.Status.DisruptedPods is null || p.Status.DisruptedPods.Count == 0));
        Assert.Equal(0, pdb.Status.DisruptionsAllowed);
        Assert.Equal("InsufficientPods", Assert.Single(pdb.Status.Conditions).Reason);

        await stop.CancelAsync();
        await running;
    }

    private static V1Eviction Eviction(string pod) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "Eviction",
        Metadata = new V1ObjectMeta { Name = pod, NamespaceProperty = "pdb-it" },
        DeleteOptions = new V1DeleteOptions { GracePeriodSeconds = 0 },
    };

    private static async Task CreateReadyPodAsync(IKubernetes client, string name)
    {
        var pod = await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "pause" }] },
        }, "pdb-it");
        pod.Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }] };
        await client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, name, "pdb-it");
    }

    private static async Task<V1PodDisruptionBudget> WaitForBudgetAsync(IKubernetes client, Func<V1PodDisruptionBudget, bool> done)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var pdb = await client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("web", "pdb-it", cancellationToken: timeout.Token);
            if (done(pdb))
            {
                return pdb;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        }
    }
}
