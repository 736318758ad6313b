using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.StatefulSet;
using KubeSharp.Controllers.Tests.DaemonSet;

namespace KubeSharp.Controllers.Tests.StatefulSet;

public sealed class StatefulSetControllerTests
{
    [Fact]
    public async Task SyncAsync_OrderedReady_CreatesEachPodOnlyAfterItsPredecessorIsRunningAndReady()
    {
        await using var cluster = await WorkloadCluster.StartAsync(ctx => new StatefulSetController(ctx));
        await cluster.Client.AppsV1.CreateNamespacedStatefulSetAsync(NewStatefulSet("web", 3, "OrderedReady"), "default");

        for (var ordinal = 0; ordinal < 3; ordinal++)
        {
            // The status counting exactly ordinal+1 replicas shows the controller has synced with pod web-<ordinal> in its cache.
            var expected = ordinal + 1;
            await WorkloadCluster.EventuallyAsync(async () =>
            {
                var set = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", "default");
                return set.Status is { } s && s.Replicas == expected && s.ReadyReplicas == ordinal ? s : null;
            }, $"status.replicas {expected}");
            var names = (await cluster.PodsAsync("app=web")).Select(p => p.Metadata.Name).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(Enumerable.Range(0, expected).Select(i => $"web-{i}"), names);
            await cluster.MarkRunningAndReadyAsync($"web-{ordinal}");
        }

        var status = await WorkloadCluster.EventuallyAsync(async () =>
        {
            var set = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", "default");
            return set.Status is { ReadyReplicas: 3 } s ? s : null;
        }, "3 ready replicas");
        Assert.Equal(3, status.Replicas);
        Assert.Equal(3, status.CurrentReplicas);
        Assert.Equal(3, status.UpdatedReplicas);
        Assert.Equal(3, status.AvailableReplicas);
        Assert.Equal(status.CurrentRevision, status.UpdateRevision);
        Assert.StartsWith("web-", status.CurrentRevision, StringComparison.Ordinal);

        var pod = await cluster.Client.CoreV1.ReadNamespacedPodAsync("web-1", "default");
        Assert.Equal("web-1", pod.Spec.Hostname);
        Assert.Equal("web", pod.Spec.Subdomain);
        Assert.Equal("web-1", Maps.Get(pod.Metadata.Labels, StatefulSetPlanner.PodNameLabel));
        Assert.Equal("1", Maps.Get(pod.Metadata.Labels, StatefulSetPlanner.PodIndexLabel));
        Assert.Equal(status.CurrentRevision, Maps.Get(pod.Metadata.Labels, ControllerRevisions.HashLabel));
        Assert.Contains(pod.Spec.Volumes, v => v.Name == "data" && v.PersistentVolumeClaim?.ClaimName == "data-web-1");

        var claims = await cluster.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync("default");
        Assert.Equal(new[] { "data-web-0", "data-web-1", "data-web-2" }, claims.Items.Select(c => c.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.All(claims.Items, c => Assert.Equal("web", Maps.Get(c.Metadata.Labels, "app")));

        var events = await cluster.EventsAsync("web");
        Assert.Contains(events, e => e.Reason == "SuccessfulCreate" && e.Message == "create Pod web-0 in StatefulSet web successful");
        Assert.Contains(events, e => e.Reason == "SuccessfulCreate" && e.Message == "create Claim data-web-0 Pod web-0 in StatefulSet web success");
        Assert.Single((await cluster.Client.AppsV1.ListNamespacedControllerRevisionAsync("default")).Items);
    }

    [Fact]
    public async Task SyncAsync_ScaledDownWithKubectl_DeletesFromTheHighestOrdinal()
    {
        var deleted = new ConcurrentQueue<string>();
        await using var cluster = await WorkloadCluster.StartAsync(ctx => new StatefulSetController(ctx),
            informers => informers.Pods().AddEventHandler(null, null, p => deleted.Enqueue(p.Metadata.Name)));
        await cluster.Client.AppsV1.CreateNamespacedStatefulSetAsync(NewStatefulSet("web", 3, "OrderedReady"), "default");
        for (var ordinal = 0; ordinal < 3; ordinal++)
        {
            var name = $"web-{ordinal}";
            await WorkloadCluster.EventuallyAsync(async () => (await cluster.PodsAsync("app=web")).FirstOrDefault(p => p.Metadata.Name == name), name);
            await cluster.MarkRunningAndReadyAsync(name);
        }

        await WorkloadCluster.EventuallyAsync(async () =>
        {
            var set = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", "default");
            return set.Status is { ReadyReplicas: 3 } s ? s : null;
        }, "3 ready replicas");

        await cluster.KubectlAsync("scale", "statefulset/web", "--replicas=1");
        await WorkloadCluster.EventuallyAsync(async () =>
        {
            var pods = await cluster.PodsAsync("app=web");
            return pods.Count == 1 && deleted.Count == 2 ? pods : null;
        }, "1 pod left");
        Assert.Equal(new[] { "web-2", "web-1" }, deleted);
        Assert.Equal("web-0", Assert.Single(await cluster.PodsAsync("app=web")).Metadata.Name);

        // Claims outlive their pods (persistentVolumeClaimRetentionPolicy Retain).
        Assert.Equal(3, (await cluster.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync("default")).Items.Count);
        var events = await cluster.EventsAsync("web");
        Assert.Contains(events, e => e.Reason == "SuccessfulDelete" && e.Message == "delete Pod web-2 in StatefulSet web successful");
    }

    [Fact]
    public async Task SyncAsync_Parallel_CreatesAllPodsAtOnce()
    {
        await using var cluster = await WorkloadCluster.StartAsync(ctx => new StatefulSetController(ctx));
        await cluster.Client.AppsV1.CreateNamespacedStatefulSetAsync(NewStatefulSet("web", 3, "Parallel"), "default");

        var pods = await WorkloadCluster.EventuallyAsync(async () =>
        {
            var list = await cluster.PodsAsync("app=web");
            return list.Count == 3 ? list : null;
        }, "3 pods, none ready");
        Assert.Equal(new[] { "web-0", "web-1", "web-2" }, pods.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.All(pods, p => Assert.False(PodUtil.IsReady(p)));
    }

    [Fact]
    public async Task SyncAsync_RollingUpdateWithPartition_RecreatesOnlyOrdinalsFromThePartitionUpHighestFirst()
    {
        await using var cluster = await WorkloadCluster.StartAsync(ctx => new StatefulSetController(ctx));
        var created = NewStatefulSet("web", 3, "Parallel");
        created.Spec.UpdateStrategy = new V1StatefulSetUpdateStrategy
        {
            Type = "RollingUpdate",
            RollingUpdate = new V1RollingUpdateStatefulSetStrategy { Partition = 1 },
        };
        await cluster.Client.AppsV1.CreateNamespacedStatefulSetAsync(created, "default");
        await ReadyPodsAsync(cluster, "nginx:1", 3);

        var patch = new V1Patch("[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"nginx:2\"}]", V1Patch.PatchType.JsonPatch);
        await cluster.Client.AppsV1.PatchNamespacedStatefulSetAsync(patch, "web", "default");

        var status = await WorkloadCluster.EventuallyAsync(async () =>
        {
            await ReadyPodsAsync(cluster, null, 3);
            var set = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", "default");
            return set.Status is { UpdatedReplicas: 2, ReadyReplicas: 3, ObservedGeneration: 2 } s ? s : null;
        }, "web-1 and web-2 updated");
        var images = (await cluster.PodsAsync("app=web")).ToDictionary(p => p.Metadata.Name, p => p.Spec.Containers[0].Image);
        Assert.Equal("nginx:1", images["web-0"]);
        Assert.Equal("nginx:2", images["web-1"]);
        Assert.Equal("nginx:2", images["web-2"]);
        Assert.NotEqual(status.CurrentRevision, status.UpdateRevision);
        Assert.Equal(1, status.CurrentReplicas);

        var events = await cluster.EventsAsync("web");
        Assert.Contains(events, e => e.Message == "delete Pod web-2 in StatefulSet web successful");
        Assert.DoesNotContain(events, e => e.Message == "delete Pod web-0 in StatefulSet web successful");

        var rollout = await cluster.KubectlAsync("rollout", "status", "statefulset/web", "--timeout=10s");
        Assert.Contains("partitioned roll out complete: 2 new pods have been updated", rollout, StringComparison.Ordinal);
    }

    // Marks every pod Running+Ready (as a kubelet would) and returns them once there are `count`, all with `image` when given.
    private static async Task ReadyPodsAsync(WorkloadCluster cluster, string? image, int count)
        => await WorkloadCluster.EventuallyAsync(async () =>
        {
            var pods = await cluster.PodsAsync("app=web");
            foreach (var pod in pods.Where(p => !PodUtil.IsRunningAndReady(p)))
            {
                await cluster.MarkRunningAndReadyAsync(pod.Metadata.Name);
            }

            return pods.Count == count && (image is null || pods.All(p => p.Spec.Containers[0].Image == image)) ? pods : null;
        }, $"{count} ready pods");

    private static V1StatefulSet NewStatefulSet(string name, int replicas, string policy) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "StatefulSet",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1StatefulSetSpec
        {
            Replicas = replicas,
            ServiceName = name,
            PodManagementPolicy = policy,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx:1" }] },
            },
            VolumeClaimTemplates =
            [
                new V1PersistentVolumeClaim
                {
                    Metadata = new V1ObjectMeta { Name = "data" },
                    Spec = new V1PersistentVolumeClaimSpec
                    {
                        AccessModes = ["ReadWriteOnce"],
                        Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new ResourceQuantity("1Gi") } },
                    },
                },
            ],
        },
    };
}
