using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Disruption;

namespace KubeSharp.Controllers.Tests.Disruption;

public sealed class BudgetCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    internal static V1Pod Pod(string name, bool ready = true, V1OwnerReference? owner = null, bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Labels = new Dictionary<string, string> { ["app"] = "web" },
            OwnerReferences = owner is null ? null : [owner],
            DeletionTimestamp = deleting ? Now.UtcDateTime : null,
        },
        Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }] },
    };

    internal static V1PodDisruptionBudget Pdb(IntOrString? minAvailable = null, IntOrString? maxUnavailable = null, long generation = 1,
        V1PodDisruptionBudgetStatus? status = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "pdb", NamespaceProperty = "default", Generation = generation },
        Spec = new V1PodDisruptionBudgetSpec
        {
            MinAvailable = minAvailable,
            MaxUnavailable = maxUnavailable,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
        },
        Status = status,
    };

    private static V1OwnerReference Owner(string kind, string name, string uid, string apiVersion = "apps/v1") =>
        new() { ApiVersion = apiVersion, Kind = kind, Name = name, Uid = uid, Controller = true };

    private static ControllerScale? NoController(V1OwnerReference owner, string ns) => null;

    [Fact]
    public void ExpectedPodCount_MinAvailableInteger_CountsSelectedPods()
    {
        var pods = new[] { Pod("a"), Pod("b"), Pod("c") };

        var expected = BudgetCalculator.ExpectedPodCount(Pdb(minAvailable: 2), pods, NoController);

        Assert.Equal(3, expected.ExpectedCount);
        Assert.Equal(2, expected.DesiredHealthy);
        Assert.Empty(expected.UnmanagedPods);
    }

    [Fact]
    public void ExpectedPodCount_MinAvailablePercent_TakesControllerScaleRoundedUp()
    {
        var rs = Owner("ReplicaSet", "web", "rs-uid");
        var pods = new[] { Pod("a", owner: rs), Pod("b", owner: rs) };

        var expected = BudgetCalculator.ExpectedPodCount(Pdb(minAvailable: "50%"), pods, (_, _) => new ControllerScale("rs-uid", 5));

        Assert.Equal(5, expected.ExpectedCount);
        Assert.Equal(3, expected.DesiredHealthy);
    }

    [Fact]
    public void ExpectedPodCount_MaxUnavailable_DesiredIsScaleMinusUnavailable()
    {
        var rs = Owner("ReplicaSet", "web", "rs-uid");
        var pods = new[] { Pod("a", owner: rs), Pod("b", owner: rs), Pod("c", owner: rs) };

        var expected = BudgetCalculator.ExpectedPodCount(Pdb(maxUnavailable: 1), pods, (_, _) => new ControllerScale("rs-uid", 3));

        Assert.Equal(3, expected.ExpectedCount);
        Assert.Equal(2, expected.DesiredHealthy);
    }

    [Fact]
    public void ExpectedPodCount_UnknownController_ThrowsFoundNoControllers()
    {
        var pods = new[] { Pod("a", owner: Owner("Widget", "w", "w-uid", "example.com/v1")) };

        var e = Assert.Throws<InvalidOperationException>(() => BudgetCalculator.ExpectedPodCount(Pdb(maxUnavailable: 1), pods, NoController));

        Assert.Equal("found no controllers for pod \"a\"", e.Message);
    }

    [Fact]
    public void ExpectedPodCount_PodWithoutController_ListedAsUnmanaged()
    {
        var expected = BudgetCalculator.ExpectedPodCount(Pdb(maxUnavailable: "50%"), [Pod("bare")], NoController);

        Assert.Equal(["bare"], expected.UnmanagedPods);
        Assert.Equal(0, expected.ExpectedCount);
    }

    [Fact]
    public void BuildDisruptedPodMap_EntriesOlderThanTimeout_DroppedAndReported()
    {
        var pdb = Pdb(minAvailable: 1, status: new V1PodDisruptionBudgetStatus
        {
            DisruptedPods = new Dictionary<string, DateTime?>
            {
                ["old"] = Now.UtcDateTime.AddMinutes(-3),
                ["fresh"] = Now.UtcDateTime.AddSeconds(-30),
                ["gone"] = Now.UtcDateTime,
            },
        });

        var map = BudgetCalculator.BuildDisruptedPodMap(pdb, [Pod("old"), Pod("fresh")], Now);

        Assert.Equal(["fresh"], map.Pending.Keys);
        Assert.Equal(["old"], map.NotDeleted);
        Assert.Equal(Now.AddSeconds(90), map.RecheckAt);
    }

    [Fact]
    public void CountHealthyPods_SkipsUnreadyDeletingAndRecentlyEvicted()
    {
        var pods = new[] { Pod("ok"), Pod("unready", ready: false), Pod("deleting", deleting: true), Pod("evicted") };
        var disrupted = new Dictionary<string, DateTime> { ["evicted"] = Now.UtcDateTime.AddSeconds(-10) };

        Assert.Equal(1, BudgetCalculator.CountHealthyPods(pods, disrupted, Now));
    }

    [Fact]
    public void NewStatus_EnoughHealthy_AllowsDisruptionsWithSufficientPodsCondition()
    {
        var pdb = Pdb(minAvailable: 1, generation: 2);

        var status = BudgetCalculator.NewStatus(pdb, 3, new ExpectedPods(3, 1, []), new Dictionary<string, DateTime>(), Now)!;

        Assert.Equal(2, status.DisruptionsAllowed);
        Assert.Equal(3, status.CurrentHealthy);
        Assert.Equal(1, status.DesiredHealthy);
        Assert.Equal(3, status.ExpectedPods);
        Assert.Equal(2, status.ObservedGeneration);
        var condition = Assert.Single(status.Conditions);
        Assert.Equal(("DisruptionAllowed", "True", "SufficientPods"), (condition.Type, condition.Status, condition.Reason));
        Assert.Equal(Now.UtcDateTime, condition.LastTransitionTime);
        Assert.Equal(2, condition.ObservedGeneration);
    }

    [Fact]
    public void NewStatus_NoPodsExpected_AllowsNothingWithInsufficientPods()
    {
        var status = BudgetCalculator.NewStatus(Pdb(maxUnavailable: 1), 0, new ExpectedPods(0, 0, []), new Dictionary<string, DateTime>(), Now)!;

        Assert.Equal(0, status.DisruptionsAllowed);
        Assert.Equal("InsufficientPods", Assert.Single(status.Conditions).Reason);
    }

    [Fact]
    public void NewStatus_AlreadyUpToDate_Null()
    {
        var pdb = Pdb(minAvailable: 1);
        pdb.Status = BudgetCalculator.NewStatus(pdb, 2, new ExpectedPods(2, 1, []), new Dictionary<string, DateTime>(), Now);

        Assert.Null(BudgetCalculator.NewStatus(pdb, 2, new ExpectedPods(2, 1, []), new Dictionary<string, DateTime>(), Now.AddMinutes(1)));
    }

    [Fact]
    public void FailSafe_AnyStatus_NoDisruptionsAndSyncFailedCondition()
    {
        var pdb = Pdb(minAvailable: 1, status: new V1PodDisruptionBudgetStatus { DisruptionsAllowed = 3, ObservedGeneration = 1, CurrentHealthy = 4 });

        var status = BudgetCalculator.FailSafe(pdb, "found no controllers for pod \"a\"", Now);

        Assert.Equal(0, status.DisruptionsAllowed);
        Assert.Equal(4, status.CurrentHealthy);
        var condition = Assert.Single(status.Conditions);
        Assert.Equal(("False", "SyncFailed", "found no controllers for pod \"a\""), (condition.Status, condition.Reason, condition.Message));
    }

    [Fact]
    public void Find_ReplicaSetOwnedByDeployment_DeploymentScale()
    {
        var replicaSets = new Indexer<V1ReplicaSet>();
        var deployments = new Indexer<V1Deployment>();
        deployments.Upsert(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "d-uid" },
            Spec = new V1DeploymentSpec { Replicas = 4 },
        });
        replicaSets.Upsert(new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = "default", Uid = "rs-uid", OwnerReferences = [Owner("Deployment", "web", "d-uid")] },
            Spec = new V1ReplicaSetSpec { Replicas = 4 },
        });
        var finder = new ControllerScaleFinder(replicaSets, deployments, new Indexer<V1StatefulSet>(), new Indexer<V1ReplicationController>());

        var scale = finder.Find(Owner("ReplicaSet", "web-1", "rs-uid"), "default");

        Assert.Equal(new ControllerScale("d-uid", 4), scale);
    }
}
