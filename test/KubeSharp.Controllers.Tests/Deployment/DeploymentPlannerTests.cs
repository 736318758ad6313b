using k8s.Models;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.Deployment;
using static KubeSharp.Controllers.Tests.Fixtures;

namespace KubeSharp.Controllers.Tests.Deployment;

public class DeploymentPlannerTests
{
    [Fact]
    public void Plan_FirstSync_CreatesReplicaSetWithHashRevisionAndAnnotations()
    {
        var world = new DeploymentWorld(DeploymentWorld.NewDeployment(10, "nginx:1"));

        var plan = world.Sync();

        var rs = plan.CreateReplicaSet!;
        var hash = PodTemplateHash.Compute(world.Deployment.Spec.Template, null);
        Assert.Equal("web-" + hash, rs.Metadata.Name);
        Assert.Equal(hash, rs.Spec.Template.Metadata.Labels[PodTemplateHash.LabelKey]);
        Assert.Equal(hash, rs.Spec.Selector.MatchLabels[PodTemplateHash.LabelKey]);
        Assert.Equal(hash, rs.Metadata.Labels[PodTemplateHash.LabelKey]);
        Assert.Equal(10, rs.Spec.Replicas);
        Assert.Equal("1", rs.Metadata.Annotations[DeploymentUtil.RevisionAnnotation]);
        Assert.Equal("10", rs.Metadata.Annotations[DeploymentUtil.DesiredReplicasAnnotation]);
        Assert.Equal("13", rs.Metadata.Annotations[DeploymentUtil.MaxReplicasAnnotation]);
        Assert.Equal("uid-deploy", ControllerRefs.GetControllerOf(rs.Metadata)!.Uid);
        Assert.Equal("1", plan.RevisionAnnotation);
        var progressing = DeploymentConditions.Get(plan.Status, "Progressing")!;
        Assert.Equal(("True", "NewReplicaSetCreated", $"Created new replica set \"{rs.Metadata.Name}\""), (progressing.Status, progressing.Reason, progressing.Message));
        Assert.Contains(plan.Events, e => e.Message == $"Scaled up replica set {rs.Metadata.Name} from 0 to 10");
    }

    [Fact]
    public void Plan_RollingUpdate10Replicas25Percent_StepsAsUpstream()
    {
        var world = RolledOut(10, "nginx:1");
        world.Deployment.Spec.Template = Template("nginx:2");
        world.Deployment.Metadata.Generation = 2;

        var steps = new List<(int, int)>();
        for (var i = 0; i < 6; i++)
        {
            world.Sync();
            steps.Add(world.Sizes());
            world.Settle();
        }

        Assert.Equal([(3, 8), (5, 8), (5, 3), (10, 3), (10, 0), (10, 0)], steps);
        var status = world.Deployment.Status;
        Assert.Equal((10, 10, 10, 10, 0), (status.Replicas!.Value, status.UpdatedReplicas!.Value, status.ReadyReplicas!.Value, status.AvailableReplicas!.Value, status.UnavailableReplicas ?? 0));
        Assert.Equal("NewReplicaSetAvailable", DeploymentConditions.Get(status, "Progressing")!.Reason);
        Assert.Equal("MinimumReplicasAvailable", DeploymentConditions.Get(status, "Available")!.Reason);
        Assert.Equal("2", world.Deployment.Metadata.Annotations[DeploymentUtil.RevisionAnnotation]);
    }

    [Fact]
    public void Plan_RollingUpdateNewPodsNeverAvailable_StopsAtMinimumAvailability()
    {
        var world = RolledOut(10, "nginx:1");
        world.Deployment.Spec.Template = Template("nginx:2");

        var steps = new List<(int, int)>();
        for (var i = 0; i < 4; i++)
        {
            world.Sync();
            steps.Add(world.Sizes());
            world.Settle(newPodsAvailable: false);
        }

        Assert.Equal([(3, 8), (5, 8), (5, 8), (5, 8)], steps);
        Assert.Equal("ReplicaSetUpdated", DeploymentConditions.Get(world.Deployment.Status, "Progressing")!.Reason);
    }

    [Fact]
    public void Plan_OldReplicaSetUnhealthy_CleansUpUnavailablePodsFirst()
    {
        var world = new DeploymentWorld(DeploymentWorld.NewDeployment(3, "nginx:1", maxSurge: "0", maxUnavailable: "1"));
        world.Sync();
        world.Settle();
        world.ReplicaSets[0].Status.AvailableReplicas = 1;
        world.ReplicaSets[0].Status.ReadyReplicas = 1;
        world.Deployment.Spec.Template = Template("nginx:2");

        var plan = world.Sync();

        Assert.Equal(0, plan.CreateReplicaSet!.Spec.Replicas);
        Assert.Equal((0, 2), world.Sizes());
        Assert.Contains(plan.Events, e => e.Message.EndsWith("from 3 to 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_NoProgressPastDeadline_ProgressDeadlineExceeded()
    {
        var world = RolledOut(10, "nginx:1");
        world.Deployment.Spec.Template = Template("nginx:2");
        for (var i = 0; i < 3; i++)
        {
            world.Sync();
            world.Settle(newPodsAvailable: false);
        }

        var stuck = world.Sync();
        Assert.Equal(TimeSpan.FromSeconds(600), stuck.RequeueAfter);

        world.Now = world.Now.AddSeconds(601);
        var plan = world.Sync();

        var condition = DeploymentConditions.Get(plan.Status, "Progressing")!;
        var newRS = DeploymentUtil.FindNewReplicaSet(world.Deployment, world.ReplicaSets)!;
        Assert.Equal(("False", "ProgressDeadlineExceeded", $"ReplicaSet \"{newRS.Metadata.Name}\" has timed out progressing."), (condition.Status, condition.Reason, condition.Message));
    }

    [Fact]
    public void Plan_Recreate_ScalesOldToZeroThenWaitsForPodsThenCreates()
    {
        var world = RolledOut(3, "nginx:1", "Recreate");
        world.Deployment.Spec.Template = Template("nginx:2");
        var oldRS = world.ReplicaSets[0];
        world.Pods.Add(Pod("old-pod", owner: ControllerRefs.NewControllerRef(oldRS.Metadata, "apps/v1", "ReplicaSet")));

        var first = world.Sync();
        Assert.Null(first.CreateReplicaSet);
        Assert.Equal((0, 0), world.Sizes());
        world.Settle();

        var second = world.Sync();
        Assert.Null(second.CreateReplicaSet);

        world.Pods.Clear();
        var third = world.Sync();
        Assert.Equal(3, third.CreateReplicaSet!.Spec.Replicas);
        Assert.Equal((3, 0), world.Sizes());
    }

    [Fact]
    public void Plan_ScaledMidRollout_ScalesProportionally()
    {
        var world = RolledOut(10, "nginx:1");
        world.Deployment.Spec.Template = Template("nginx:2");
        world.Sync();
        world.Settle(newPodsAvailable: false);
        world.Sync();
        world.Settle(newPodsAvailable: false);
        Assert.Equal((5, 8), world.Sizes());

        world.Deployment.Spec.Replicas = 20;
        var plan = world.Sync();

        Assert.Equal((10, 15), world.Sizes());
        Assert.All(world.ReplicaSets.Where(r => r.Spec.Replicas > 0), r => Assert.Equal("25", r.Metadata.Annotations[DeploymentUtil.MaxReplicasAnnotation]));
        Assert.Contains(plan.Events, e => e.Message.StartsWith("Scaled up replica set web-", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_PausedThenResumed_ProgressingUnknownConditions()
    {
        var world = RolledOut(2, "nginx:1");
        world.Deployment.Spec.Paused = true;
        world.Deployment.Spec.Template = Template("nginx:2");

        var paused = world.Sync();
        Assert.Null(paused.CreateReplicaSet);
        var condition = DeploymentConditions.Get(world.Deployment.Status, "Progressing")!;
        Assert.Equal(("Unknown", "DeploymentPaused", "Deployment is paused"), (condition.Status, condition.Reason, condition.Message));

        world.Deployment.Spec.Paused = false;
        var resumed = world.Sync();
        Assert.NotNull(resumed.CreateReplicaSet);
        Assert.Contains(resumed.Status!.Conditions, c => c.Reason is "DeploymentResumed" or "NewReplicaSetCreated" or "ReplicaSetUpdated");
    }

    [Fact]
    public void Plan_RolledBackTemplate_ReusesOldReplicaSetWithNewRevision()
    {
        var world = RolledOut(2, "nginx:1");
        world.Deployment.Spec.Template = Template("nginx:2");
        for (var i = 0; i < 4; i++)
        {
            world.Sync();
            world.Settle();
        }

        world.Deployment.Spec.Template = Template("nginx:1");
        var plan = world.Sync();

        Assert.Null(plan.CreateReplicaSet);
        var original = DeploymentUtil.FindNewReplicaSet(world.Deployment, world.ReplicaSets)!;
        Assert.Equal("3", original.Metadata.Annotations[DeploymentUtil.RevisionAnnotation]);
        Assert.Equal("1", original.Metadata.Annotations[DeploymentUtil.RevisionHistoryAnnotation]);
        Assert.Equal("3", world.Deployment.Metadata.Annotations[DeploymentUtil.RevisionAnnotation]);
    }

    [Fact]
    public void Plan_CompleteWithTooMuchHistory_DeletesOldestScaledDownReplicaSets()
    {
        var world = RolledOut(1, "nginx:0");
        world.Deployment.Spec.RevisionHistoryLimit = 1;
        for (var v = 1; v <= 3; v++)
        {
            world.Deployment.Spec.Template = Template("nginx:" + v);
            for (var i = 0; i < 5; i++)
            {
                world.Sync();
                world.Settle();
            }
        }

        Assert.Equal(2, world.ReplicaSets.Count);
        Assert.Equal(["3", "4"], world.ReplicaSets.Select(r => r.Metadata.Annotations[DeploymentUtil.RevisionAnnotation]).Order());
    }

    [Fact]
    public void Plan_NameTakenByDifferentTemplate_BumpsCollisionCount()
    {
        var deployment = DeploymentWorld.NewDeployment(1, "nginx:1");
        var squatter = NewReplicaSet(DeploymentPlanner.NewReplicaSetName(deployment), 0, Template("other"), uid: "squatter");
        squatter.Spec.Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "other" } };

        var plan = DeploymentPlanner.Plan(deployment, [squatter], [], Now);

        Assert.Null(plan.CreateReplicaSet);
        Assert.Equal(1, plan.Status!.CollisionCount);
        deployment.Status = plan.Status;
        Assert.NotEqual(squatter.Metadata.Name, DeploymentPlanner.Plan(deployment, [squatter], [], Now).CreateReplicaSet!.Metadata.Name);
    }

    [Fact]
    public void Plan_SelectorEmpty_WarnsSelectingAll()
    {
        var deployment = DeploymentWorld.NewDeployment(1, "nginx:1");
        deployment.Spec.Selector = new V1LabelSelector();

        var plan = DeploymentPlanner.Plan(deployment, [], [], Now);

        Assert.Equal("SelectingAll", Assert.Single(plan.Events).Reason);
        Assert.Null(plan.CreateReplicaSet);
    }

    [Theory]
    [InlineData(10, "25%", "25%", 3, 2)]
    [InlineData(1, "25%", "25%", 1, 0)]
    [InlineData(3, "0", "0", 0, 1)]
    [InlineData(5, "1", "50%", 1, 2)]
    public void MaxSurgeMaxUnavailable_Percentages_RoundSurgeUpUnavailableDown(int replicas, string surge, string unavailable, int expectedSurge, int expectedUnavailable)
    {
        var d = DeploymentWorld.NewDeployment(replicas, "x", maxSurge: surge, maxUnavailable: unavailable);

        Assert.Equal((expectedSurge, expectedUnavailable), (DeploymentUtil.MaxSurge(d), DeploymentUtil.MaxUnavailable(d)));
    }

    private static DeploymentWorld RolledOut(int replicas, string image, string strategy = "RollingUpdate")
    {
        var world = new DeploymentWorld(DeploymentWorld.NewDeployment(replicas, image, strategy));
        world.Sync();
        world.Settle();
        world.Sync();
        world.Settle();
        return world;
    }
}
