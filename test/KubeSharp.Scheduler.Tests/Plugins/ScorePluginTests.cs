using k8s.Models;
using KubeSharp.Scheduler.Cache;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.NodeAffinity;
using KubeSharp.Scheduler.Plugins.NodeResourcesBalancedAllocation;
using KubeSharp.Scheduler.Plugins.NodeResourcesFit;
using KubeSharp.Scheduler.Plugins.TaintToleration;
using static KubeSharp.Scheduler.Tests.Fixtures;

namespace KubeSharp.Scheduler.Tests.Plugins;

public class ScorePluginTests
{
    [Fact]
    public void NodeResourcesFit_LeastAllocated_PrefersEmptierNode()
    {
        var plugin = new NodeResourcesFitPlugin();
        var pod = new PodInfo(Pod("p", "1", "1Gi"));
        var empty = plugin.Score(new CycleState(), pod, NodeInfo(Node("a", cpu: "4", memory: "4Gi")));
        var busy = plugin.Score(new CycleState(), pod, NodeInfo(Node("b", cpu: "4", memory: "4Gi"), Pod("x", "2", "2Gi")));
        Assert.Equal(75, empty);
        Assert.Equal(25, busy);
    }

    [Fact]
    public void BalancedAllocation_EqualFractions_MaxScore()
    {
        var plugin = new BalancedAllocationPlugin();
        Assert.Equal(100, plugin.Score(new CycleState(), new PodInfo(Pod("p", "1", "1Gi")), NodeInfo(Node("a", cpu: "4", memory: "4Gi"))));
        Assert.Equal(75, plugin.Score(new CycleState(), new PodInfo(Pod("p", "2", "0")), NodeInfo(Node("a", cpu: "4", memory: "4Gi"))));
        Assert.Equal(StatusCode.Skip, plugin.PreScore(new CycleState(), new PodInfo(Pod("p")), [])!.Code);
    }

    [Fact]
    public void TaintToleration_PreferNoSchedule_ScoredLowerAfterNormalize()
    {
        var plugin = new TaintTolerationPlugin();
        var state = new CycleState();
        var pod = new PodInfo(Pod("p"));
        var nodes = new[] { NodeInfo(Node("a")), NodeInfo(Node("b", taints: [new V1Taint { Key = "k", Effect = "PreferNoSchedule" }])) };
        plugin.PreScore(state, pod, nodes);
        var scores = nodes.Select(n => plugin.Score(state, pod, n)).ToArray();
        plugin.NormalizeScore(state, pod, nodes, scores);
        Assert.Equal([100, 0], scores);
    }

    [Fact]
    public void NodeAffinity_Preferred_WeightsSummedAndNormalized()
    {
        var plugin = new NodeAffinityPlugin();
        var pod = Pod("p");
        pod.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                PreferredDuringSchedulingIgnoredDuringExecution =
                [
                    new V1PreferredSchedulingTerm { Preference = new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "zone", OperatorProperty = "In", Values = ["a"] }] }, Weight = 10 },
                    new V1PreferredSchedulingTerm { Preference = new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "disk", OperatorProperty = "Exists" }] }, Weight = 30 },
                ],
            },
        };
        var info = new PodInfo(pod);
        var state = new CycleState();
        var nodes = new[] { NodeInfo(Node("a", labels: new() { ["zone"] = "a" })), NodeInfo(Node("b", labels: new() { ["zone"] = "a", ["disk"] = "x" })), NodeInfo(Node("c")) };
        Assert.Null(plugin.PreScore(state, info, nodes));
        var scores = nodes.Select(n => plugin.Score(state, info, n)).ToArray();
        Assert.Equal([10, 40, 0], scores);
        plugin.NormalizeScore(state, info, nodes, scores);
        Assert.Equal([25, 100, 0], scores);
    }

    [Fact]
    public void FitError_Message_SortsHistogramLikeGo()
    {
        var statuses = new NodeToStatus();
        statuses.Set("a", Status.Unschedulable("Insufficient memory"));
        statuses.Set("b", Status.Unschedulable("Insufficient memory"));
        statuses.Set("c", Status.Unresolvable("node(s) had untolerated taint(s)"));
        statuses.Set("d", Status.Unresolvable("node(s) had untolerated taint(s)"));
        statuses.Set("e", Status.Unresolvable("node(s) had untolerated taint(s)"));
        var message = FitError.Message(5, new Diagnosis { NodeToStatus = statuses });
        Assert.Equal("0/5 nodes are available: 2 Insufficient memory, 3 node(s) had untolerated taint(s).", message);
    }

    [Fact]
    public void Snapshot_From_TracksAffinityNodes()
    {
        var pod = Pod("x");
        pod.Spec.Affinity = new V1Affinity { PodAntiAffinity = new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term("app", "x", "kubernetes.io/hostname")] } };
        var snapshot = Snapshot.From([NodeInfo(Node("a"), pod), NodeInfo(Node("b"))]);
        Assert.Single(snapshot.HavePodsWithRequiredAntiAffinityList);
        Assert.Single(snapshot.HavePodsWithAffinityList);
    }
}
