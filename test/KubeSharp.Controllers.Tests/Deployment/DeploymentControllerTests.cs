using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeSharp.Controllers.Deployment;
using KubeSharp.Controllers.ReplicaSet;
using KubeSharp.Controllers.Tests.ReplicaSet;

namespace KubeSharp.Controllers.Tests.Deployment;

public sealed class DeploymentControllerTests
{
    private const string Revision = "deployment.kubernetes.io/revision";

    private static Task<ControllerHarness> StartAsync()
        => ControllerHarness.StartAsync(ctx => new ReplicaSetController(ctx), ctx => new DeploymentController(ctx));

    private static V1Deployment NewDeployment(int replicas, string image, string strategy = "RollingUpdate")
        => new()
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Strategy = new V1DeploymentStrategy { Type = strategy },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = image }] },
                },
            },
        };

    private static async Task SetImageAsync(ControllerHarness h, string image)
    {
        var patch = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = image }) },
                },
            },
        };
        await h.Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), "web", ControllerHarness.Namespace);
    }

    private static Task<V1Deployment> ReadAsync(ControllerHarness h) => h.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ControllerHarness.Namespace);

    private static string Image(V1ReplicaSet rs) => rs.Spec.Template.Spec.Containers[0].Image;

    /// <summary>Waits until the deployment is fully rolled out to <paramref name="image"/>: one RS with all replicas, the others at 0.</summary>
    private static async Task<IList<V1ReplicaSet>> WaitForRolloutAsync(ControllerHarness h, string image, int replicas)
    {
        await ControllerHarness.EventuallyAsync(() => ReadAsync(h),
            d => d.Status?.ObservedGeneration >= d.Metadata.Generation && d.Status.UpdatedReplicas == replicas && d.Status.Replicas == replicas
                && d.Status.AvailableReplicas == replicas, $"rollout of {image}");
        return await ControllerHarness.EventuallyAsync(h.ReplicaSetsAsync,
            list => list.Any(r => Image(r) == image && r.Spec.Replicas == replicas && r.Status?.ReadyReplicas == replicas)
                && list.Where(r => Image(r) != image).All(r => r.Spec.Replicas == 0 && (r.Status?.Replicas ?? 0) == 0),
            $"replica sets settled on {image}");
    }

    [Fact]
    public async Task Sync_NewDeployment_CreatesHashedReplicaSetWithPods()
    {
        await using var h = await StartAsync();
        var d = await h.Client.AppsV1.CreateNamespacedDeploymentAsync(NewDeployment(3, "nginx:1"), ControllerHarness.Namespace);

        var rs = (await ControllerHarness.EventuallyAsync(h.ReplicaSetsAsync, l => l.Count == 1, "the ReplicaSet"))[0];
        var hash = rs.Metadata.Labels["pod-template-hash"];
        Assert.Equal($"web-{hash}", rs.Metadata.Name);
        Assert.Equal(hash, rs.Spec.Selector.MatchLabels["pod-template-hash"]);
        Assert.Equal(hash, rs.Spec.Template.Metadata.Labels["pod-template-hash"]);
        Assert.Equal(3, rs.Spec.Replicas);
        Assert.Equal("1", rs.Metadata.Annotations[Revision]);
        Assert.Equal(("3", "4"), (rs.Metadata.Annotations["deployment.kubernetes.io/desired-replicas"], rs.Metadata.Annotations["deployment.kubernetes.io/max-replicas"]));
        Assert.Equal((d.Metadata.Uid, "Deployment", true), (rs.Metadata.OwnerReferences[0].Uid, rs.Metadata.OwnerReferences[0].Kind, rs.Metadata.OwnerReferences[0].Controller));
        var pods = await ControllerHarness.EventuallyAsync(async () => ControllerHarness.OwnedBy(await h.PodsAsync(), rs.Metadata.Uid), p => p.Count == 3, "3 pods");
        Assert.All(pods, p => Assert.Equal(hash, p.Metadata.Labels["pod-template-hash"]));

        var live = await ControllerHarness.EventuallyAsync(() => ReadAsync(h),
            x => x.Status?.Replicas == 3 && x.Metadata.Annotations?.ContainsKey(Revision) == true, "deployment status");
        Assert.Equal("1", live.Metadata.Annotations[Revision]);
        Assert.Equal(1, live.Metadata.Generation);
        Assert.Equal(3, live.Status.UnavailableReplicas);
        var progressing = live.Status.Conditions.Single(c => c.Type == "Progressing");
        Assert.Equal(("True", "ReplicaSetUpdated"), (progressing.Status, progressing.Reason));
        Assert.Equal(("False", "MinimumReplicasUnavailable"), (live.Status.Conditions.Single(c => c.Type == "Available").Status,
            live.Status.Conditions.Single(c => c.Type == "Available").Reason));
        var events = await ControllerHarness.EventuallyAsync(h.EventsAsync, e => e.Any(x => x.Reason == "ScalingReplicaSet"), "ScalingReplicaSet");
        Assert.Equal($"Scaled up replica set {rs.Metadata.Name} from 0 to 3", events.First(x => x.Reason == "ScalingReplicaSet").Message);
    }

    [Fact]
    public async Task Sync_TemplateChanged_RollsToNewReplicaSet_HistoryUndoAndStatus()
    {
        await using var h = await StartAsync();
        await h.ReadyEveryPodInBackground();
        await h.Client.AppsV1.CreateNamespacedDeploymentAsync(NewDeployment(3, "nginx:1"), ControllerHarness.Namespace);
        var first = (await WaitForRolloutAsync(h, "nginx:1", 3)).Single();

        var (code, output) = await h.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");
        Assert.True(code == 0, output);
        Assert.Contains("successfully rolled out", output, StringComparison.Ordinal);
        var complete = await ControllerHarness.EventuallyAsync(() => ReadAsync(h),
            d => d.Status?.Conditions?.Any(c => c.Type == "Progressing" && c.Reason == "NewReplicaSetAvailable") == true, "NewReplicaSetAvailable");
        Assert.Equal("True", complete.Status.Conditions.Single(c => c.Type == "Available").Status);

        await SetImageAsync(h, "nginx:2");
        (code, output) = await h.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");
        Assert.True(code == 0, output);
        var afterRoll = await WaitForRolloutAsync(h, "nginx:2", 3);
        Assert.Equal(2, afterRoll.Count);
        var second = afterRoll.Single(r => Image(r) == "nginx:2");
        Assert.Equal("2", second.Metadata.Annotations[Revision]);
        Assert.Equal("2", (await ReadAsync(h)).Metadata.Annotations[Revision]);
        // The recorder writes events in the background: wait for both rather than read once.
        bool Scaled(IList<Corev1Event> events, string verb, string set, string from) => events.Any(e =>
            e.Reason == "ScalingReplicaSet" && e.Message.StartsWith($"Scaled {verb} replica set {set} from {from}", StringComparison.Ordinal));
        await ControllerHarness.EventuallyAsync(h.EventsAsync,
            events => Scaled(events, "up", second.Metadata.Name, "0 to ") && Scaled(events, "down", first.Metadata.Name, "3 to "), "scaling events");

        (code, output) = await h.KubectlAsync("rollout", "history", "deployment/web");
        Assert.True(code == 0, output);
        Assert.Matches(@"(?m)^1\s", output);
        Assert.Matches(@"(?m)^2\s", output);

        (code, output) = await h.KubectlAsync("rollout", "undo", "deployment/web");
        Assert.True(code == 0, output);
        var undone = await WaitForRolloutAsync(h, "nginx:1", 3);
        Assert.True(undone.Count == 2, KubernetesJson.Serialize(undone.Select(r => r.Spec.Template)));
        Assert.Equal(first.Metadata.Name, undone.Single(r => Image(r) == "nginx:1").Metadata.Name);
        await ControllerHarness.EventuallyAsync(() => ReadAsync(h), d => d.Metadata.Annotations[Revision] == "3", "revision 3");
        var reused = await h.Client.AppsV1.ReadNamespacedReplicaSetAsync(first.Metadata.Name, ControllerHarness.Namespace);
        Assert.Equal(("3", "1"), (reused.Metadata.Annotations[Revision], reused.Metadata.Annotations["deployment.kubernetes.io/revision-history"]));
    }

    [Fact]
    public async Task Sync_KubectlScale_ResizesReplicaSet()
    {
        await using var h = await StartAsync();
        await h.ReadyEveryPodInBackground();
        await h.Client.AppsV1.CreateNamespacedDeploymentAsync(NewDeployment(2, "nginx:1"), ControllerHarness.Namespace);
        var rs = (await WaitForRolloutAsync(h, "nginx:1", 2)).Single();

        var (code, output) = await h.KubectlAsync("scale", "deployment/web", "--replicas=5");
        Assert.True(code == 0, output);

        await WaitForRolloutAsync(h, "nginx:1", 5);
        var scaled = await h.Client.AppsV1.ReadNamespacedReplicaSetAsync(rs.Metadata.Name, ControllerHarness.Namespace);
        Assert.Equal(5, scaled.Spec.Replicas);
        Assert.Equal("5", scaled.Metadata.Annotations["deployment.kubernetes.io/desired-replicas"]);
        Assert.Equal(5, ControllerHarness.OwnedBy(await h.PodsAsync(), rs.Metadata.Uid).Count);
    }

    [Fact]
    public async Task Sync_Recreate_ScalesOldToZeroBeforeCreatingNew()
    {
        await using var h = await StartAsync();
        await h.ReadyEveryPodInBackground();
        await h.Client.AppsV1.CreateNamespacedDeploymentAsync(NewDeployment(2, "nginx:1", "Recreate"), ControllerHarness.Namespace);
        await WaitForRolloutAsync(h, "nginx:1", 2);

        using var stop = new CancellationTokenSource();
        var overlaps = new List<string>();
        var observer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                // One list is one consistent snapshot: the new RS must never be scaled up while old pods exist.
                var pods = await h.PodsAsync();
                var oldPods = pods.Count(p => p.Spec.Containers[0].Image == "nginx:1");
                var newPods = pods.Count(p => p.Spec.Containers[0].Image == "nginx:2");
                if (oldPods > 0 && newPods > 0)
                {
                    overlaps.Add($"{oldPods} old and {newPods} new pods");
                }

                await Task.Delay(10);
            }
        });
        await SetImageAsync(h, "nginx:2");

        await WaitForRolloutAsync(h, "nginx:2", 2);
        await stop.CancelAsync();
        await observer;
        Assert.Empty(overlaps);
        var events = await h.EventsAsync();
        Assert.Contains(events, e => e.Reason == "ScalingReplicaSet" && e.Message.StartsWith("Scaled down replica set web-", StringComparison.Ordinal)
            && e.Message.EndsWith(" from 2 to 0", StringComparison.Ordinal));
    }
}
