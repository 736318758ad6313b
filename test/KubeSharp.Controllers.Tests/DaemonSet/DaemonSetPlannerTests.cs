using k8s.Models;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.DaemonSet;
using static KubeSharp.Controllers.Tests.Fixtures;

namespace KubeSharp.Controllers.Tests.DaemonSet;

public class DaemonSetPlannerTests
{
    [Theory]
    [InlineData(null, null, false, true, true)]
    [InlineData("dedicated=gpu:NoSchedule", null, false, false, true)]
    [InlineData("dedicated=gpu:NoExecute", null, false, false, false)]
    [InlineData("dedicated=gpu:PreferNoSchedule", null, false, true, true)]
    [InlineData("dedicated=gpu:NoSchedule", "dedicated=gpu", false, true, true)]
    [InlineData("node.kubernetes.io/not-ready:NoExecute", null, false, true, true)]
    [InlineData("node.kubernetes.io/unreachable:NoExecute", null, false, true, true)]
    [InlineData("node.kubernetes.io/unschedulable:NoSchedule", null, false, true, true)]
    [InlineData("node.kubernetes.io/disk-pressure:NoSchedule", null, false, true, true)]
    [InlineData("node.kubernetes.io/memory-pressure:NoSchedule", null, false, true, true)]
    [InlineData("node.kubernetes.io/pid-pressure:NoSchedule", null, false, true, true)]
    [InlineData("node.kubernetes.io/network-unavailable:NoSchedule", null, false, false, true)]
    [InlineData("node.kubernetes.io/network-unavailable:NoSchedule", null, true, true, true)]
    public void NodeShouldRunDaemonPod_Taints_AsUpstream(string? taint, string? toleration, bool hostNetwork, bool shouldRun, bool shouldContinue)
    {
        var node = Node("n1");
        if (taint is not null)
        {
            var (kv, effect) = (taint.Split(':')[0], taint.Split(':')[1]);
            node.Spec.Taints = [new V1Taint { Key = kv.Split('=')[0], Value = kv.Contains('=') ? kv.Split('=')[1] : null, Effect = effect }];
        }

        var ds = NewDaemonSet();
        ds.Spec.Template.Spec.HostNetwork = hostNetwork;
        if (toleration is not null)
        {
            ds.Spec.Template.Spec.Tolerations = [new V1Toleration { Key = toleration.Split('=')[0], OperatorProperty = "Equal", Value = toleration.Split('=')[1] }];
        }

        Assert.Equal((shouldRun, shouldContinue), DaemonSetPlanner.NodeShouldRunDaemonPod(node, ds));
    }

    [Fact]
    public void NodeShouldRunDaemonPod_SelectorAndAffinity_Filter()
    {
        var ds = NewDaemonSet();
        ds.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["disk"] = "ssd" };
        ds.Spec.Template.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "zone", OperatorProperty = "NotIn", Values = ["b"] }] }],
                },
            },
        };

        Assert.True(DaemonSetPlanner.NodeShouldRunDaemonPod(Node("a", ("disk", "ssd"), ("zone", "a")), ds).ShouldRun);
        Assert.False(DaemonSetPlanner.NodeShouldRunDaemonPod(Node("b", ("disk", "ssd"), ("zone", "b")), ds).ShouldRun);
        Assert.False(DaemonSetPlanner.NodeShouldRunDaemonPod(Node("c", ("disk", "hdd")), ds).ShouldRun);
    }

    [Fact]
    public void Plan_NewDaemonSet_OnePodPerEligibleNodePinnedByAffinity()
    {
        var ds = NewDaemonSet();
        var tainted = Node("n3");
        tainted.Spec.Taints = [new V1Taint { Key = "k", Effect = "NoSchedule" }];

        var plan = DaemonSetPlanner.Plan(ds, [Node("n1"), Node("n2"), tainted], [], [], Now);

        Assert.Equal(2, plan.PodsToCreate.Count);
        var pod = plan.PodsToCreate[0];
        var term = Assert.Single(pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms);
        Assert.Equal(("metadata.name", "In", "n1"), (term.MatchFields[0].Key, term.MatchFields[0].OperatorProperty, term.MatchFields[0].Values[0]));
        Assert.Equal(plan.UpdateHash, pod.Metadata.Labels[ControllerRevisions.HashLabel]);
        Assert.Contains(pod.Spec.Tolerations, t => t.Key == "node.kubernetes.io/not-ready" && t.Effect == "NoExecute");
        Assert.Equal("fluentd-", pod.Metadata.GenerateName);
        Assert.NotNull(plan.RevisionToCreate);
        Assert.Equal(1, plan.RevisionToCreate!.Revision);
        Assert.Equal($"fluentd-{plan.UpdateHash}", plan.RevisionToCreate.Metadata.Name);
        Assert.Equal(2, plan.Status!.DesiredNumberScheduled);
    }

    [Fact]
    public void Plan_PodsOnIneligibleAndVanishedNodes_Deleted()
    {
        var ds = NewDaemonSet();
        var revision = ControllerRevisions.New(ds.Metadata, DaemonSetPlanner.ControllerRef(ds), ds.Spec.Template, "h1", 1);
        var evicting = Node("n2");
        evicting.Spec.Taints = [new V1Taint { Key = "k", Effect = "NoExecute" }];
        var onGood = DaemonPod(ds, "p1", "n1", "h1");
        var onEvicting = DaemonPod(ds, "p2", "n2", "h1");
        var onGone = DaemonPod(ds, "p3", "gone", "h1");
        var duplicate = DaemonPod(ds, "p4", "n1", "h1", created: Now.AddMinutes(-1));

        var plan = DaemonSetPlanner.Plan(ds, [Node("n1"), evicting], [onGood, onEvicting, onGone, duplicate], [revision], Now);

        Assert.Equal(["p2", "p3", "p4"], plan.PodsToDelete.Select(p => p.Metadata.Name).Order());
        Assert.Null(plan.RevisionToCreate);
        Assert.Equal((1, 1, 1), (plan.Status!.DesiredNumberScheduled, plan.Status.CurrentNumberScheduled, plan.Status.NumberMisscheduled));
    }

    [Fact]
    public void Plan_RollingUpdateMaxUnavailable1_ReplacesOneNodeAtATime()
    {
        var ds = NewDaemonSet();
        var nodes = new[] { Node("n1"), Node("n2"), Node("n3") };
        var pods = nodes.Select(n => DaemonPod(ds, "old-" + n.Metadata.Name, n.Metadata.Name, "old")).ToList();

        var plan = DaemonSetPlanner.Plan(ds, nodes, pods, [], Now);

        Assert.Equal(["old-n1"], plan.PodsToDelete.Select(p => p.Metadata.Name));
        Assert.Empty(plan.PodsToCreate);
        Assert.Equal(0, plan.Status!.UpdatedNumberScheduled);
    }

    [Fact]
    public void Plan_RollingUpdateMaxSurge_CreatesNewBeforeDeletingOld()
    {
        var ds = NewDaemonSet();
        ds.Spec.UpdateStrategy = new V1DaemonSetUpdateStrategy
        {
            Type = "RollingUpdate",
            RollingUpdate = new V1RollingUpdateDaemonSet { MaxSurge = "1", MaxUnavailable = "0" },
        };
        var nodes = new[] { Node("n1"), Node("n2") };
        var pods = nodes.Select(n => DaemonPod(ds, "old-" + n.Metadata.Name, n.Metadata.Name, "old")).ToList();

        var first = DaemonSetPlanner.Plan(ds, nodes, pods, [], Now);
        Assert.Empty(first.PodsToDelete);
        Assert.Equal("n1", DaemonSetPlanner.TargetNodeName(Assert.Single(first.PodsToCreate)));

        pods.Add(DaemonPod(ds, "new-n1", "n1", first.UpdateHash));
        var second = DaemonSetPlanner.Plan(ds, nodes, pods, [], Now);
        Assert.Equal(["old-n1"], second.PodsToDelete.Select(p => p.Metadata.Name));
    }

    private static V1DaemonSet NewDaemonSet()
        => new()
        {
            Metadata = new V1ObjectMeta { Name = "fluentd", NamespaceProperty = "kube-system", Uid = "uid-ds", Generation = 1 },
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = Template("fluentd:1"),
                UpdateStrategy = new V1DaemonSetUpdateStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = "1" } },
            },
            Status = new V1DaemonSetStatus(),
        };

    private static V1Node Node(string name, params (string Key, string Value)[] labels)
        => new()
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels.ToDictionary(l => l.Key, l => l.Value) },
            Spec = new V1NodeSpec(),
        };

    private static V1Pod DaemonPod(V1DaemonSet ds, string name, string node, string hash, DateTimeOffset? created = null)
    {
        var pod = Pod(name, node: node, owner: DaemonSetPlanner.ControllerRef(ds), created: created);
        pod.Metadata.NamespaceProperty = "kube-system";
        pod.Metadata.Labels[ControllerRevisions.HashLabel] = hash;
        return pod;
    }
}
