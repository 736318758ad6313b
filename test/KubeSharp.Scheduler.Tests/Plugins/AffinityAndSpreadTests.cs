using k8s.Models;
using KubeSharp.Scheduler.Cache;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.InterPodAffinity;
using KubeSharp.Scheduler.Plugins.PodTopologySpread;
using KubeSharp.Scheduler.Queue;
using Microsoft.Extensions.Time.Testing;
using static KubeSharp.Scheduler.Tests.Fixtures;

namespace KubeSharp.Scheduler.Tests.Plugins;

public class AffinityAndSpreadTests
{
    private static Profile Handle(params NodeInfo[] nodes)
    {
        var queue = new SchedulingQueue(new FakeTimeProvider(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));
        return new Profile("default-scheduler", queue) { Snapshot = Snapshot.From(nodes) };
    }

    private static Dictionary<string, string> Zone(string z) => new() { ["zone"] = z };

    [Fact]
    public void InterPodAffinity_RequiredAffinity_OnlyNodesInMatchingZone()
    {
        var nodes = new[] { NodeInfo(Node("a", labels: Zone("1")), Pod("db", labels: new() { ["app"] = "db" })), NodeInfo(Node("b", labels: Zone("1"))), NodeInfo(Node("c", labels: Zone("2"))) };
        var plugin = new InterPodAffinityPlugin(Handle(nodes));
        var pod = Pod("web");
        pod.Spec.Affinity = new V1Affinity { PodAffinity = new V1PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term("app", "db", "zone")] } };
        var state = new CycleState();
        var info = new PodInfo(pod);
        Assert.Null(plugin.PreFilter(state, info, nodes));
        Assert.Null(plugin.Filter(state, info, nodes[0]));
        Assert.Null(plugin.Filter(state, info, nodes[1]));
        var status = plugin.Filter(state, info, nodes[2]);
        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status!.Code);
        Assert.Equal("node(s) didn't match pod affinity rules", status.Message);
    }

    [Fact]
    public void InterPodAffinity_FirstPodOfSelfAffineGroup_Allowed()
    {
        var nodes = new[] { NodeInfo(Node("a", labels: Zone("1"))) };
        var plugin = new InterPodAffinityPlugin(Handle(nodes));
        var pod = Pod("web", labels: new() { ["app"] = "web" });
        pod.Spec.Affinity = new V1Affinity { PodAffinity = new V1PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term("app", "web", "zone")] } };
        var state = new CycleState();
        var info = new PodInfo(pod);
        plugin.PreFilter(state, info, nodes);
        Assert.Null(plugin.Filter(state, info, nodes[0]));
    }

    [Fact]
    public void InterPodAffinity_AntiAffinity_BothDirections()
    {
        var existing = Pod("x", labels: new() { ["app"] = "web" });
        existing.Spec.Affinity = new V1Affinity { PodAntiAffinity = new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term("app", "cache", "kubernetes.io/hostname")] } };
        var nodes = new[] { NodeInfo(Node("a"), existing), NodeInfo(Node("b")) };
        var plugin = new InterPodAffinityPlugin(Handle(nodes));

        var web = Pod("web", labels: new() { ["app"] = "web" });
        web.Spec.Affinity = new V1Affinity { PodAntiAffinity = new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term("app", "web", "kubernetes.io/hostname")] } };
        var state = new CycleState();
        plugin.PreFilter(state, new PodInfo(web), nodes);
        Assert.Equal("node(s) didn't match pod anti-affinity rules", plugin.Filter(state, new PodInfo(web), nodes[0])!.Message);
        Assert.Null(plugin.Filter(state, new PodInfo(web), nodes[1]));

        var cache = Pod("cache", labels: new() { ["app"] = "cache" });
        state = new CycleState();
        plugin.PreFilter(state, new PodInfo(cache), nodes);
        Assert.Equal("node(s) didn't satisfy existing pods anti-affinity rules", plugin.Filter(state, new PodInfo(cache), nodes[0])!.Message);
        Assert.Null(plugin.Filter(state, new PodInfo(cache), nodes[1]));
    }

    [Fact]
    public void InterPodAffinity_PreferredAffinity_ScoresMatchingZoneHigher()
    {
        var nodes = new[] { NodeInfo(Node("a", labels: Zone("1")), Pod("db", labels: new() { ["app"] = "db" })), NodeInfo(Node("b", labels: Zone("2"))) };
        var plugin = new InterPodAffinityPlugin(Handle(nodes));
        var pod = Pod("web");
        pod.Spec.Affinity = new V1Affinity { PodAffinity = new V1PodAffinity { PreferredDuringSchedulingIgnoredDuringExecution = [new V1WeightedPodAffinityTerm { PodAffinityTerm = Term("app", "db", "zone"), Weight = 50 }] } };
        var info = new PodInfo(pod);
        var state = new CycleState();
        Assert.Null(plugin.PreScore(state, info, nodes));
        var scores = nodes.Select(n => plugin.Score(state, info, n)).ToArray();
        plugin.NormalizeScore(state, info, nodes, scores);
        Assert.Equal([100, 0], scores);
    }

    [Fact]
    public void PodTopologySpread_DoNotSchedule_RejectsSkewedZone()
    {
        var labels = new Dictionary<string, string> { ["app"] = "web" };
        var nodes = new[]
        {
            NodeInfo(Node("a", labels: Zone("1")), Pod("w1", labels: labels), Pod("w2", labels: labels)),
            NodeInfo(Node("b", labels: Zone("2")), Pod("w3", labels: labels)),
            NodeInfo(Node("c")),
        };
        var plugin = new PodTopologySpreadPlugin(Handle(nodes));
        var pod = Pod("w4", labels: labels);
        pod.Spec.TopologySpreadConstraints = [new V1TopologySpreadConstraint { MaxSkew = 1, TopologyKey = "zone", WhenUnsatisfiable = "DoNotSchedule", LabelSelector = new V1LabelSelector { MatchLabels = labels } }];
        var info = new PodInfo(pod);
        var state = new CycleState();
        Assert.Null(plugin.PreFilter(state, info, nodes));
        Assert.Equal("node(s) didn't match pod topology spread constraints", plugin.Filter(state, info, nodes[0])!.Message);
        Assert.Null(plugin.Filter(state, info, nodes[1]));
        var missing = plugin.Filter(state, info, nodes[2]);
        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, missing!.Code);
        Assert.Equal("node(s) didn't match pod topology spread constraints (missing required label)", missing.Message);
    }

    [Fact]
    public void PodTopologySpread_ScheduleAnyway_ScoresEmptierDomainHigher()
    {
        var labels = new Dictionary<string, string> { ["app"] = "web" };
        var nodes = new[] { NodeInfo(Node("a", labels: Zone("1")), Pod("w1", labels: labels), Pod("w2", labels: labels)), NodeInfo(Node("b", labels: Zone("2"))) };
        var plugin = new PodTopologySpreadPlugin(Handle(nodes));
        var pod = Pod("w3", labels: labels);
        pod.Spec.TopologySpreadConstraints = [new V1TopologySpreadConstraint { MaxSkew = 1, TopologyKey = "zone", WhenUnsatisfiable = "ScheduleAnyway", LabelSelector = new V1LabelSelector { MatchLabels = labels } }];
        var info = new PodInfo(pod);
        var state = new CycleState();
        Assert.Null(plugin.PreScore(state, info, nodes));
        var scores = nodes.Select(n => plugin.Score(state, info, n)).ToArray();
        plugin.NormalizeScore(state, info, nodes, scores);
        Assert.True(scores[1] > scores[0]);
        Assert.Equal(100, scores[1]);
    }
}
