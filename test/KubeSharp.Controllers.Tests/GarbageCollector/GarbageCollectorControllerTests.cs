using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KubeSharp.Controllers.Tests.GarbageCollector;

public sealed class GarbageCollectorControllerTests(GarbageCollectorFixture fixture) : IClassFixture<GarbageCollectorFixture>
{
    private IKubernetes Client => fixture.Client;

    [Fact]
    public async Task DeleteOwner_Background_DependentsDeleted()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var owner = await CreateConfigMapAsync(ns, "owner");
        await CreateConfigMapAsync(ns, "dep-1", Reference(owner));
        await CreateConfigMapAsync(ns, "dep-2", Reference(owner));

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", ns, propagationPolicy: "Background");

        await ControllerFixture.EventuallyAsync(async () => !await ExistsAsync(ns, "dep-1") && !await ExistsAsync(ns, "dep-2"), "the dependents are deleted");
    }

    [Fact]
    public async Task CreateDependent_OwnerNeverExisted_DependentDeleted()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var ghost = Owner("v1", "ConfigMap", "ghost", Guid.NewGuid().ToString());
        await CreateConfigMapAsync(ns, "orphaned", ghost);

        await ControllerFixture.EventuallyAsync(async () => !await ExistsAsync(ns, "orphaned"), "the dependent of a missing owner is deleted");
    }

    [Fact]
    public async Task DeleteOwner_Orphan_DependentsKeptWithoutReference()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var owner = await CreateConfigMapAsync(ns, "owner");
        var other = await CreateConfigMapAsync(ns, "other-owner");
        await CreateConfigMapAsync(ns, "dep", Reference(owner), Reference(other));

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", ns, propagationPolicy: "Orphan");

        await ControllerFixture.EventuallyAsync(async () => !await ExistsAsync(ns, "owner"), "the owner is deleted once its dependents are orphaned");
        var dependent = await Client.CoreV1.ReadNamespacedConfigMapAsync("dep", ns);
        Assert.Equal([other.Metadata.Uid], dependent.Metadata.OwnerReferences.Select(r => r.Uid));
    }

    [Fact]
    public async Task DeleteReplicaSet_Foreground_PodsDeletedBeforeOwner()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var replicaSet = await Client.AppsV1.CreateNamespacedReplicaSetAsync(new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta { Name = "rs" },
            Spec = new V1ReplicaSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "x" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "x" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
                },
            },
        }, ns);
        var reference = Owner("apps/v1", "ReplicaSet", "rs", replicaSet.Metadata.Uid, blockOwnerDeletion: true);
        foreach (var name in new[] { "pod-1", "pod-2" })
        {
            await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "x" }, OwnerReferences = [reference] },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
            }, ns);
        }

        await Client.AppsV1.DeleteNamespacedReplicaSetAsync("rs", ns, propagationPolicy: "Foreground");

        await ControllerFixture.EventuallyAsync(async () => !await ReplicaSetExistsAsync(ns), "the replica set is deleted");
        var pods = await Client.CoreV1.ListNamespacedPodAsync(ns);
        Assert.Empty(pods.Items);
    }

    [Fact]
    public async Task DeleteOwner_ForegroundThreeLevels_WholeChainDeleted()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var top = await CreateConfigMapAsync(ns, "top");
        var middle = await CreateConfigMapAsync(ns, "middle", Blocking(top));
        await CreateConfigMapAsync(ns, "bottom", Blocking(middle));

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("top", ns, propagationPolicy: "Foreground");

        await ControllerFixture.EventuallyAsync(async () => !await ExistsAsync(ns, "top"), "the top owner is deleted");
        Assert.False(await ExistsAsync(ns, "middle"));
        Assert.False(await ExistsAsync(ns, "bottom"));
    }

    [Fact]
    public async Task Dependent_OneOwnerGoneOtherAlive_ReferenceToGoneOwnerRemoved()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var alive = await CreateConfigMapAsync(ns, "alive");
        var ghost = Owner("v1", "ConfigMap", "ghost", Guid.NewGuid().ToString());
        await CreateConfigMapAsync(ns, "dep", Reference(alive), ghost);

        await ControllerFixture.EventuallyAsync(async () =>
            (await Client.CoreV1.ReadNamespacedConfigMapAsync("dep", ns)).Metadata.OwnerReferences?.Count == 1, "the dangling reference is removed");
        var dependent = await Client.CoreV1.ReadNamespacedConfigMapAsync("dep", ns);
        Assert.Equal(alive.Metadata.Uid, Assert.Single(dependent.Metadata.OwnerReferences).Uid);
    }

    private static V1OwnerReference Reference(V1ConfigMap owner) => Owner("v1", "ConfigMap", owner.Metadata.Name, owner.Metadata.Uid);

    private static V1OwnerReference Blocking(V1ConfigMap owner) => Owner("v1", "ConfigMap", owner.Metadata.Name, owner.Metadata.Uid, blockOwnerDeletion: true);

    private static V1OwnerReference Owner(string apiVersion, string kind, string name, string uid, bool? blockOwnerDeletion = null) =>
        new() { ApiVersion = apiVersion, Kind = kind, Name = name, Uid = uid, BlockOwnerDeletion = blockOwnerDeletion };

    private Task<V1ConfigMap> CreateConfigMapAsync(string ns, string name, params V1OwnerReference[] owners) =>
        Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = name, OwnerReferences = owners.Length == 0 ? null : owners },
            Data = new Dictionary<string, string> { ["k"] = "v" },
        }, ns);

    private async Task<bool> ExistsAsync(string ns, string name)
    {
        try
        {
            await Client.CoreV1.ReadNamespacedConfigMapAsync(name, ns);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task<bool> ReplicaSetExistsAsync(string ns)
    {
        try
        {
            await Client.AppsV1.ReadNamespacedReplicaSetAsync("rs", ns);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
