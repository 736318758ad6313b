using k8s;
using k8s.Models;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.DaemonSet;

namespace KubeSharp.Controllers.Tests.DaemonSet;

public sealed class DaemonSetControllerTests
{
    [Fact]
    public async Task SyncAsync_ThreeNodesThenAFourthThenOneRemoved_OnePodPinnedToEachNode()
    {
        await using var cluster = await WorkloadCluster.StartAsync(ctx => new DaemonSetController(ctx));
        foreach (var name in new[] { "node-a", "node-b", "node-c" })
        {
            await cluster.Client.CoreV1.CreateNodeAsync(Node(name));
        }

        await cluster.Client.AppsV1.CreateNamespacedDaemonSetAsync(NewDaemonSet("agent", "busybox:1"), "default");

        var pods = await PodsOnNodesAsync(cluster, "node-a", "node-b", "node-c");
        foreach (var pod in pods)
        {
            var term = Assert.Single(pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms);
            var field = Assert.Single(term.MatchFields);
            Assert.Equal("metadata.name", field.Key);
            Assert.Equal("In", field.OperatorProperty);
            Assert.StartsWith("agent-", pod.Metadata.Name, StringComparison.Ordinal);
            Assert.Equal("DaemonSet", Assert.Single(pod.Metadata.OwnerReferences).Kind);
            Assert.Contains(pod.Spec.Tolerations, t => t.Key == "node.kubernetes.io/unschedulable" && t.Effect == "NoSchedule");
            Assert.NotNull(Maps.Get(pod.Metadata.Labels, ControllerRevisions.HashLabel));
            Assert.Equal("1", Maps.Get(pod.Metadata.Labels, DaemonSetPlanner.TemplateGenerationLabel));
        }

        var revisions = await cluster.Client.AppsV1.ListNamespacedControllerRevisionAsync("default");
        var revision = Assert.Single(revisions.Items);
        Assert.Equal(1, revision.Revision);
        Assert.All(pods, p => Assert.Equal(revision.Metadata.Name, "agent-" + Maps.Get(p.Metadata.Labels, ControllerRevisions.HashLabel)));

        await cluster.Client.CoreV1.CreateNodeAsync(Node("node-d"));
        await PodsOnNodesAsync(cluster, "node-a", "node-b", "node-c", "node-d");

        await cluster.Client.CoreV1.DeleteNodeAsync("node-b");
        await PodsOnNodesAsync(cluster, "node-a", "node-c", "node-d");

        var status = await WorkloadCluster.EventuallyAsync(async () =>
        {
            var ds = await cluster.Client.AppsV1.ReadNamespacedDaemonSetAsync("agent", "default");
            return ds.Status is { DesiredNumberScheduled: 3, CurrentNumberScheduled: 3, UpdatedNumberScheduled: 3 } ? ds.Status : null;
        }, "the status to count 3 nodes");
        Assert.Equal(0, status.NumberReady);
        Assert.Equal(3, status.NumberUnavailable);
        Assert.Equal(1, status.ObservedGeneration);

        var events = await cluster.EventsAsync("agent");
        Assert.Equal(4, events.Count(e => e.Reason == "SuccessfulCreate" && e.Message.StartsWith("Created pod: agent-", StringComparison.Ordinal)));
        Assert.Contains(events, e => e.Reason == "SuccessfulDelete" && e.Message.StartsWith("Deleted pod: agent-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SyncAsync_NodeWithUntoleratedNoScheduleTaint_GetsNoPodUntilTheTaintIsRemoved()
    {
        await using var cluster = await WorkloadCluster.StartAsync(ctx => new DaemonSetController(ctx));
        await cluster.Client.CoreV1.CreateNodeAsync(Node("node-a"));
        var tainted = Node("node-t");
        tainted.Spec = new V1NodeSpec { Taints = [new V1Taint { Key = "dedicated", Value = "db", Effect = "NoSchedule" }] };
        await cluster.Client.CoreV1.CreateNodeAsync(tainted);
        await cluster.Client.AppsV1.CreateNamespacedDaemonSetAsync(NewDaemonSet("agent", "busybox:1"), "default");

        await WorkloadCluster.EventuallyAsync(async () =>
        {
            var ds = await cluster.Client.AppsV1.ReadNamespacedDaemonSetAsync("agent", "default");
            return ds.Status is { DesiredNumberScheduled: 1, CurrentNumberScheduled: 1 } ? ds.Status : null;
        }, "the status to count 1 node");
        var pod = Assert.Single(await cluster.PodsAsync("app=agent"));
        Assert.Equal("node-a", DaemonSetPlanner.TargetNodeName(pod));

        var patch = new V1Patch("{\"spec\":{\"taints\":null}}", V1Patch.PatchType.MergePatch);
        await cluster.Client.CoreV1.PatchNodeAsync(patch, "node-t");
        await PodsOnNodesAsync(cluster, "node-a", "node-t");
    }

    [Fact]
    public async Task SyncAsync_TemplateChanged_RollsEveryPodToTheNewRevision()
    {
        await using var cluster = await WorkloadCluster.StartAsync(ctx => new DaemonSetController(ctx));
        foreach (var name in new[] { "node-a", "node-b" })
        {
            await cluster.Client.CoreV1.CreateNodeAsync(Node(name));
        }

        await cluster.Client.AppsV1.CreateNamespacedDaemonSetAsync(NewDaemonSet("agent", "busybox:1"), "default");
        var first = await PodsOnNodesAsync(cluster, "node-a", "node-b");

        var patch = new V1Patch("[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"busybox:2\"}]", V1Patch.PatchType.JsonPatch);
        await cluster.Client.AppsV1.PatchNamespacedDaemonSetAsync(patch, "agent", "default");

        var rolled = await WorkloadCluster.EventuallyAsync(async () =>
        {
            var pods = (await cluster.PodsAsync("app=agent")).Where(p => p.Metadata.DeletionTimestamp is null).ToList();
            return pods.Count == 2 && pods.All(p => p.Spec.Containers[0].Image == "busybox:2") ? pods : null;
        }, "both pods on busybox:2");
        Assert.Empty(rolled.Select(p => p.Metadata.Name).Intersect(first.Select(p => p.Metadata.Name)));
        Assert.Equal(new[] { "node-a", "node-b" }, rolled.Select(p => DaemonSetPlanner.TargetNodeName(p)!).Order(StringComparer.Ordinal));
        Assert.All(rolled, p => Assert.Equal("2", Maps.Get(p.Metadata.Labels, DaemonSetPlanner.TemplateGenerationLabel)));

        var history = await WorkloadCluster.EventuallyAsync(async () =>
        {
            var output = await cluster.KubectlAsync("rollout", "history", "daemonset/agent");
            return output.Contains('2', StringComparison.Ordinal) ? output : null;
        }, "kubectl rollout history to list revision 2");
        Assert.Contains("REVISION", history, StringComparison.Ordinal);
        var revisions = await cluster.Client.AppsV1.ListNamespacedControllerRevisionAsync("default");
        Assert.Equal(new long?[] { 1, 2 }, revisions.Items.Select(r => r.Revision).Order());

        await cluster.KubectlAsync("rollout", "undo", "daemonset/agent");
        await WorkloadCluster.EventuallyAsync(async () =>
        {
            var pods = (await cluster.PodsAsync("app=agent")).Where(p => p.Metadata.DeletionTimestamp is null).ToList();
            return pods.Count == 2 && pods.All(p => p.Spec.Containers[0].Image == "busybox:1") ? pods : null;
        }, "both pods back on busybox:1");
        var renumbered = await WorkloadCluster.EventuallyAsync(async () =>
        {
            var list = (await cluster.Client.AppsV1.ListNamespacedControllerRevisionAsync("default")).Items;
            return list.Count == 2 && list.Max(r => r.Revision) == 3 ? list : null;
        }, "the rolled-back revision renumbered 3");
        Assert.Equal("busybox:1", ControllerRevisions.TemplateOf(renumbered.Single(r => r.Revision == 3))!.Spec.Containers[0].Image);
    }

    private static async Task<IList<V1Pod>> PodsOnNodesAsync(WorkloadCluster cluster, params string[] nodes)
        => await WorkloadCluster.EventuallyAsync(async () =>
        {
            var pods = (await cluster.PodsAsync("app=agent")).Where(p => p.Metadata.DeletionTimestamp is null).ToList();
            var targets = pods.Select(DaemonSetPlanner.TargetNodeName).Order(StringComparer.Ordinal).ToList();
            return targets.SequenceEqual(nodes) ? pods : null;
        }, $"one pod on each of {string.Join(", ", nodes)}");

    private static V1Node Node(string name) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
        Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] },
    };

    private static V1DaemonSet NewDaemonSet(string name, string image) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "DaemonSet",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1DaemonSetSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = image }] },
            },
        },
    };
}
