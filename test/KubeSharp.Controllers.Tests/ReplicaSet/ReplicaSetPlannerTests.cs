using k8s.Models;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.ReplicaSet;
using static KubeSharp.Controllers.Tests.Fixtures;

namespace KubeSharp.Controllers.Tests.ReplicaSet;

public class ReplicaSetPlannerTests
{
    [Fact]
    public void Plan_TooFewPods_CreatesMissingInSlowStartBatches()
    {
        var rs = NewReplicaSet("web", 10);
        var owner = ReplicaSetPlanner.ControllerRef(rs);

        var plan = ReplicaSetPlanner.Plan(rs, [Pod("a", owner: owner), Pod("b", owner: owner), Pod("c", owner: owner)], Now);

        Assert.Equal(7, plan.CreateCount);
        Assert.Equal([1, 2, 4], plan.CreateBatches);
        Assert.Equal("web-", plan.PodTemplate!.Metadata.GenerateName);
        Assert.Equal("web", ControllerRefs.GetControllerOf(plan.PodTemplate.Metadata)!.Name);
        Assert.Empty(plan.PodsToDelete);
    }

    [Fact]
    public void Plan_ManyMissing_CappedAtBurstReplicas()
    {
        var plan = ReplicaSetPlanner.Plan(NewReplicaSet("web", 2000), [], Now);

        Assert.Equal(500, plan.CreateCount);
    }

    [Fact]
    public void Plan_TooManyPods_DeletesLeastValuableFirst()
    {
        var rs = NewReplicaSet("web", 2);
        var owner = ReplicaSetPlanner.ControllerRef(rs);
        var pods = new[]
        {
            Pod("ready-old", owner: owner, created: Now.AddDays(-5)),
            Pod("pending", owner: owner, phase: "Pending", ready: false),
            Pod("ready-new", owner: owner, created: Now.AddMinutes(-1)),
            Pod("unscheduled", owner: owner, node: null, phase: "Pending", ready: false),
        };

        var plan = ReplicaSetPlanner.Plan(rs, pods, Now);

        Assert.Equal(0, plan.CreateCount);
        Assert.Equal(["unscheduled", "pending"], plan.PodsToDelete.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Plan_OrphansAndStrays_AdoptsAndReleases()
    {
        var rs = NewReplicaSet("web", 2);
        var owner = ReplicaSetPlanner.ControllerRef(rs);
        var orphan = Pod("orphan");
        var stray = Pod("stray", owner: owner, labels: new Dictionary<string, string> { ["app"] = "other" });
        var foreign = Pod("foreign", owner: new V1OwnerReference { Uid = "x", Name = "x", Kind = "ReplicaSet", ApiVersion = "apps/v1", Controller = true });
        var finished = Pod("finished", phase: "Succeeded");

        var plan = ReplicaSetPlanner.Plan(rs, [orphan, stray, foreign, finished], Now);

        Assert.Same(orphan, Assert.Single(plan.Adopt));
        Assert.Same(stray, Assert.Single(plan.Release));
        Assert.Equal(1, plan.CreateCount);
        Assert.Equal(1, plan.Status.Replicas);
    }

    [Fact]
    public void Plan_Status_CountsReadyAvailableAndFullyLabeled()
    {
        var rs = NewReplicaSet("web", 3);
        rs.Metadata.Generation = 4;
        rs.Spec.MinReadySeconds = 30;
        rs.Spec.Template.Metadata.Labels["tier"] = "front";
        var owner = ReplicaSetPlanner.ControllerRef(rs);
        var pods = new[]
        {
            Pod("long-ready", owner: owner, readySince: Now.AddMinutes(-5), labels: new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }),
            Pod("just-ready", owner: owner, readySince: Now.AddSeconds(-5)),
            Pod("not-ready", owner: owner, ready: false),
        };

        var plan = ReplicaSetPlanner.Plan(rs, pods, Now);

        Assert.Equal((3, 1, 2, 1, 4L), (plan.Status.Replicas, plan.Status.FullyLabeledReplicas, plan.Status.ReadyReplicas, plan.Status.AvailableReplicas, plan.Status.ObservedGeneration!.Value));
        Assert.Null(plan.RequeueAfter);
    }

    [Fact]
    public void ComputeStatus_CreateError_SetsReplicaFailureFailedCreate()
    {
        var rs = NewReplicaSet("web", 3);

        var status = ReplicaSetPlanner.ComputeStatus(rs, [], Now, "pods \"web-x\" is forbidden: exceeded quota");

        var condition = Assert.Single(status.Conditions);
        Assert.Equal(("ReplicaFailure", "True", "FailedCreate"), (condition.Type, condition.Status, condition.Reason));
        rs.Status.Conditions = status.Conditions;
        Assert.Null(ReplicaSetPlanner.ComputeStatus(rs, [], Now, null).Conditions);
    }

    [Fact]
    public void Plan_Deleting_DoesNotManageReplicas()
    {
        var rs = NewReplicaSet("web", 3);
        rs.Metadata.DeletionTimestamp = PodUtil.ToModelTime(Now);

        var plan = ReplicaSetPlanner.Plan(rs, [], Now);

        Assert.Equal(0, plan.CreateCount);
    }
}
