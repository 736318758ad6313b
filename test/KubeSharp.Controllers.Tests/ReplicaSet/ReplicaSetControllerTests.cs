using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeSharp.Controllers.ReplicaSet;

namespace KubeSharp.Controllers.Tests.ReplicaSet;

public sealed class ReplicaSetControllerTests
{
    private static V1ReplicaSet NewReplicaSet(string name, int replicas)
        => new()
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx:1" }] },
                },
            },
        };

    private static async Task<IList<V1Pod>> WaitForOwnedAsync(ControllerHarness h, V1ReplicaSet rs, int count)
        => await ControllerHarness.EventuallyAsync(
            async () => ControllerHarness.OwnedBy(await h.PodsAsync(), rs.Metadata.Uid).Where(p => p.Metadata.DeletionTimestamp is null).ToList(),
            pods => pods.Count == count, $"{count} pods of {rs.Metadata.Name}");

    [Fact]
    public async Task Sync_NewReplicaSet_CreatesPodsStatusAndEvents()
    {
        await using var h = await ControllerHarness.StartAsync(ctx => new ReplicaSetController(ctx));
        var rs = await h.Client.AppsV1.CreateNamespacedReplicaSetAsync(NewReplicaSet("web", 3), ControllerHarness.Namespace);

        var pods = await WaitForOwnedAsync(h, rs, 3);

        Assert.All(pods, p =>
        {
            Assert.StartsWith("web-", p.Metadata.Name, StringComparison.Ordinal);
            var owner = Assert.Single(p.Metadata.OwnerReferences);
            Assert.Equal(("apps/v1", "ReplicaSet", "web", true, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Controller, owner.BlockOwnerDeletion));
            Assert.Equal("web", p.Metadata.Labels["app"]);
        });
        var status = await ControllerHarness.EventuallyAsync(
            async () => (await h.Client.AppsV1.ReadNamespacedReplicaSetAsync("web", ControllerHarness.Namespace)).Status,
            s => s?.Replicas == 3 && s.FullyLabeledReplicas == 3 && s.ObservedGeneration == 1, "status of web");
        Assert.Equal(0, status.ReadyReplicas ?? 0);
        var events = await ControllerHarness.EventuallyAsync(h.EventsAsync, e => e.Count(x => x.Reason == "SuccessfulCreate") == 3, "3 SuccessfulCreate events");
        Assert.All(events.Where(x => x.Reason == "SuccessfulCreate"), e =>
        {
            Assert.Equal("ReplicaSet", e.InvolvedObject.Kind);
            Assert.Matches("^Created pod: web-", e.Message);
        });
    }

    [Fact]
    public async Task Sync_PodDeleted_CreatesReplacement()
    {
        await using var h = await ControllerHarness.StartAsync(ctx => new ReplicaSetController(ctx));
        var rs = await h.Client.AppsV1.CreateNamespacedReplicaSetAsync(NewReplicaSet("web", 2), ControllerHarness.Namespace);
        var before = await WaitForOwnedAsync(h, rs, 2);

        await h.Client.CoreV1.DeleteNamespacedPodAsync(before[0].Metadata.Name, ControllerHarness.Namespace);

        var after = await ControllerHarness.EventuallyAsync(
            async () => ControllerHarness.OwnedBy(await h.PodsAsync(), rs.Metadata.Uid),
            pods => pods.Count == 2 && pods.All(p => p.Metadata.Name != before[0].Metadata.Name), "a replacement pod");
        Assert.Contains(after, p => p.Metadata.Name == before[1].Metadata.Name);
    }

    [Fact]
    public async Task Sync_ScaledDown_DeletesNotReadyPodsFirst()
    {
        await using var h = await ControllerHarness.StartAsync(ctx => new ReplicaSetController(ctx));
        var rs = await h.Client.AppsV1.CreateNamespacedReplicaSetAsync(NewReplicaSet("web", 3), ControllerHarness.Namespace);
        var pods = await WaitForOwnedAsync(h, rs, 3);
        await h.MarkReadyAsync(pods[0]);
        await h.MarkReadyAsync(pods[2]);
        await ControllerHarness.EventuallyAsync(
            async () => (await h.Client.AppsV1.ReadNamespacedReplicaSetAsync("web", ControllerHarness.Namespace)).Status,
            s => s?.ReadyReplicas == 2, "two ready replicas");

        var (code, output) = await h.KubectlAsync("scale", "rs/web", "--replicas=2");
        Assert.True(code == 0, output);

        var left = await WaitForOwnedAsync(h, rs, 2);
        Assert.Equal([pods[0].Metadata.Name, pods[2].Metadata.Name], left.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal));
        var events = await ControllerHarness.EventuallyAsync(h.EventsAsync, e => e.Any(x => x.Reason == "SuccessfulDelete"), "a SuccessfulDelete event");
        Assert.Equal($"Deleted pod: {pods[1].Metadata.Name}", events.Single(x => x.Reason == "SuccessfulDelete").Message);
    }

    [Fact]
    public async Task Sync_OrphanMatchingSelector_IsAdoptedInsteadOfCreatingAPod()
    {
        await using var h = await ControllerHarness.StartAsync(ctx => new ReplicaSetController(ctx));
        var orphan = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "stray", Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx:1" }] },
        };
        await h.MarkReadyAsync(await h.Client.CoreV1.CreateNamespacedPodAsync(orphan, ControllerHarness.Namespace));

        var rs = await h.Client.AppsV1.CreateNamespacedReplicaSetAsync(NewReplicaSet("web", 1), ControllerHarness.Namespace);

        // Should the pod informer lag, a pod is created, then deleted again as the not-ready one of two: either way the orphan stays.
        var pods = await ControllerHarness.EventuallyAsync(async () => (await h.PodsAsync()).Where(p => p.Metadata.DeletionTimestamp is null).ToList(),
            p => p.Count == 1 && ControllerHarness.OwnedBy(p, rs.Metadata.Uid).Count == 1, "the orphan adopted");
        var owner = Assert.Single(pods[0].Metadata.OwnerReferences);
        Assert.Equal(("stray", "web", "ReplicaSet", true), (pods[0].Metadata.Name, owner.Name, owner.Kind, owner.Controller));
    }

    [Fact]
    public async Task Sync_OwnedPodNoLongerSelected_IsReleasedAndReplaced()
    {
        await using var h = await ControllerHarness.StartAsync(ctx => new ReplicaSetController(ctx));
        var rs = await h.Client.AppsV1.CreateNamespacedReplicaSetAsync(NewReplicaSet("web", 2), ControllerHarness.Namespace);
        var pods = await WaitForOwnedAsync(h, rs, 2);
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "debug" } } };

        await h.Client.CoreV1.PatchNamespacedPodAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), pods[0].Metadata.Name, ControllerHarness.Namespace);

        var released = await ControllerHarness.EventuallyAsync(
            () => h.Client.CoreV1.ReadNamespacedPodAsync(pods[0].Metadata.Name, ControllerHarness.Namespace),
            p => p.Metadata.OwnerReferences is null or { Count: 0 }, "the pod released");
        Assert.Equal("debug", released.Metadata.Labels["app"]);
        var owned = await WaitForOwnedAsync(h, rs, 2);
        Assert.DoesNotContain(owned, p => p.Metadata.Name == pods[0].Metadata.Name);
    }
}
