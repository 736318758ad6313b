using k8s.Models;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.StatefulSet;
using static KubeSharp.Controllers.Tests.Fixtures;

namespace KubeSharp.Controllers.Tests.StatefulSet;

public class StatefulSetPlannerTests
{
    [Fact]
    public void Plan_OrderedReady_CreatesOneAtATimeAfterPredecessorReady()
    {
        var world = new StatefulSetWorld(NewSet(3));

        Assert.Equal(["web-0"], world.Sync().PodsToCreate.Select(p => p.Metadata.Name));
        Assert.Empty(world.Sync().PodsToCreate);

        world.MakeReady();
        Assert.Equal(["web-1"], world.Sync().PodsToCreate.Select(p => p.Metadata.Name));
        world.MakeReady();
        Assert.Equal(["web-2"], world.Sync().PodsToCreate.Select(p => p.Metadata.Name));
        world.MakeReady();
        var done = world.Sync();
        Assert.Empty(done.PodsToCreate);
        Assert.Equal((3, 3, 3, 3), (done.Status!.Replicas, done.Status.ReadyReplicas, done.Status.CurrentReplicas ?? 0, done.Status.UpdatedReplicas ?? 0));
    }

    [Fact]
    public void Plan_Parallel_CreatesAllAtOnce()
    {
        var set = NewSet(3);
        set.Spec.PodManagementPolicy = "Parallel";

        var plan = StatefulSetPlanner.Plan(set, [], [], Now);

        Assert.Equal(["web-0", "web-1", "web-2"], plan.PodsToCreate.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Plan_NewPod_IdentityLabelsAndClaims()
    {
        var set = NewSet(1);
        set.Spec.VolumeClaimTemplates = [new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = "data" }, Spec = new V1PersistentVolumeClaimSpec { AccessModes = ["ReadWriteOnce"] } }];

        var plan = StatefulSetPlanner.Plan(set, [], [], Now);

        var pod = Assert.Single(plan.PodsToCreate);
        Assert.Equal(("web-0", "web-0", "nginx"), (pod.Metadata.Name, pod.Spec.Hostname, pod.Spec.Subdomain));
        Assert.Equal("web-0", pod.Metadata.Labels[StatefulSetPlanner.PodNameLabel]);
        Assert.Equal("0", pod.Metadata.Labels[StatefulSetPlanner.PodIndexLabel]);
        Assert.Equal(plan.RevisionToCreate!.Metadata.Name, pod.Metadata.Labels[ControllerRevisions.HashLabel]);
        Assert.Equal("data-web-0", Assert.Single(pod.Spec.Volumes).PersistentVolumeClaim.ClaimName);
        var claim = Assert.Single(plan.ClaimsToCreate);
        Assert.Equal("data-web-0", claim.Metadata.Name);
        Assert.Equal("web", claim.Metadata.Labels["app"]);
        Assert.Equal("StatefulSet", ControllerRefs.GetControllerOf(pod.Metadata)!.Kind);
    }

    [Fact]
    public void Plan_ScaleDown_HighestOrdinalFirstOneAtATime()
    {
        var world = new StatefulSetWorld(NewSet(3));
        world.RunUntilStable();
        world.Set.Spec.Replicas = 1;

        Assert.Equal(["web-2"], world.Sync().PodsToDelete.Select(p => p.Metadata.Name));
        Assert.Equal(["web-1"], world.Sync().PodsToDelete.Select(p => p.Metadata.Name));
        Assert.Empty(world.Sync().PodsToDelete);
    }

    [Fact]
    public void Plan_RollingUpdateWithPartition_UpdatesFromHighestOrdinalDownToPartition()
    {
        var world = new StatefulSetWorld(NewSet(3));
        world.RunUntilStable();
        var oldRevision = world.Set.Status.CurrentRevision;
        world.Set.Spec.Template = Template("nginx:2");
        world.Set.Spec.UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateStatefulSetStrategy { Partition = 1 } };

        var deleted = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            deleted.AddRange(world.Sync().PodsToDelete.Select(p => p.Metadata.Name));
            world.MakeReady();
        }

        Assert.Equal(["web-2", "web-1"], deleted);
        Assert.Equal(oldRevision, world.Set.Status.CurrentRevision);
        Assert.NotEqual(oldRevision, world.Set.Status.UpdateRevision);
        Assert.Equal(2, world.Set.Status.UpdatedReplicas);
        Assert.Equal(oldRevision, world.Pods.Single(p => p.Metadata.Name == "web-0").Metadata.Labels[ControllerRevisions.HashLabel]);
    }

    internal static V1StatefulSet NewSet(int replicas)
        => new()
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "uid-web", Generation = 1 },
            Spec = new V1StatefulSetSpec
            {
                Replicas = replicas,
                ServiceName = "nginx",
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = Template("nginx:1"),
            },
            Status = new V1StatefulSetStatus(),
        };
}
