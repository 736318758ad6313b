using k8s;
using k8s.Models;
using KubeSharp.Controllers.ReplicationController;
using KubeSharp.Controllers.Tests.ReplicaSet;

namespace KubeSharp.Controllers.Tests.ReplicationController;

public sealed class ReplicationControllerControllerTests
{
    [Fact]
    public async Task Sync_NewReplicationController_CreatesPodsOwnedAsV1ReplicationController()
    {
        await using var h = await ControllerHarness.StartAsync(ctx => new ReplicationControllerController(ctx));
        var rc = await h.Client.CoreV1.CreateNamespacedReplicationControllerAsync(new V1ReplicationController
        {
            Metadata = new V1ObjectMeta { Name = "legacy" },
            Spec = new V1ReplicationControllerSpec
            {
                Replicas = 2,
                Selector = new Dictionary<string, string> { ["app"] = "legacy" },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "legacy" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx:1" }] },
                },
            },
        }, ControllerHarness.Namespace);

        var pods = await ControllerHarness.EventuallyAsync(async () => ControllerHarness.OwnedBy(await h.PodsAsync(), rc.Metadata.Uid),
            p => p.Count == 2, "2 pods of the RC");
        Assert.All(pods, p => Assert.Equal(("v1", "ReplicationController", "legacy"),
            (p.Metadata.OwnerReferences[0].ApiVersion, p.Metadata.OwnerReferences[0].Kind, p.Metadata.OwnerReferences[0].Name)));
        await h.MarkReadyAsync(pods[0]);
        await ControllerHarness.EventuallyAsync(
            async () => (await h.Client.CoreV1.ReadNamespacedReplicationControllerAsync("legacy", ControllerHarness.Namespace)).Status,
            s => s?.Replicas == 2 && s.ReadyReplicas == 1 && s.AvailableReplicas == 1 && s.ObservedGeneration == 1, "RC status");

        var (code, output) = await h.KubectlAsync("scale", "rc/legacy", "--replicas=1");
        Assert.True(code == 0, output);

        var left = await ControllerHarness.EventuallyAsync(async () => ControllerHarness.OwnedBy(await h.PodsAsync(), rc.Metadata.Uid),
            p => p.Count == 1, "1 pod of the RC");
        Assert.Equal(pods[0].Metadata.Name, left[0].Metadata.Name);
    }
}
