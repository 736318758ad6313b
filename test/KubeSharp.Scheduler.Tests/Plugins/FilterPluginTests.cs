using k8s.Models;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.NodeAffinity;
using KubeSharp.Scheduler.Plugins.NodeName;
using KubeSharp.Scheduler.Plugins.NodePorts;
using KubeSharp.Scheduler.Plugins.NodeResourcesFit;
using KubeSharp.Scheduler.Plugins.NodeUnschedulable;
using KubeSharp.Scheduler.Plugins.TaintToleration;
using static KubeSharp.Scheduler.Tests.Fixtures;

namespace KubeSharp.Scheduler.Tests.Plugins;

public class FilterPluginTests
{
    [Fact]
    public void NodeName_OtherNode_Unresolvable()
    {
        var status = new NodeNamePlugin().Filter(new CycleState(), new PodInfo(Pod("p", nodeName: "a")), NodeInfo(Node("b")));
        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status!.Code);
        Assert.Equal("node(s) didn't match the requested node name", status.Message);
        Assert.Null(new NodeNamePlugin().Filter(new CycleState(), new PodInfo(Pod("p", nodeName: "b")), NodeInfo(Node("b"))));
    }

    [Fact]
    public void NodeUnschedulable_CordonedNode_RejectedUnlessTolerated()
    {
        var node = NodeInfo(Node("n", unschedulable: true));
        var pod = Pod("p");
        Assert.Equal("node(s) were unschedulable", new NodeUnschedulablePlugin().Filter(new CycleState(), new PodInfo(pod), node)!.Message);
        pod.Spec.Tolerations = [new V1Toleration { Key = "node.kubernetes.io/unschedulable", OperatorProperty = "Exists", Effect = "NoSchedule" }];
        Assert.Null(new NodeUnschedulablePlugin().Filter(new CycleState(), new PodInfo(pod), node));
    }

    [Fact]
    public void NodeResourcesFit_NotEnoughCpuAndMemory_ReportsBoth()
    {
        var node = NodeInfo(Node("n", cpu: "2", memory: "4Gi"), Pod("a", "1500m", "3Gi"));
        var status = new NodeResourcesFitPlugin().Filter(new CycleState(), new PodInfo(Pod("p", "1", "2Gi")), node);
        Assert.Equal(StatusCode.Unschedulable, status!.Code);
        Assert.Equal(["Insufficient cpu", "Insufficient memory"], status.Reasons);
    }

    [Fact]
    public void NodeResourcesFit_RequestAboveAllocatable_Unresolvable()
    {
        var status = new NodeResourcesFitPlugin().Filter(new CycleState(), new PodInfo(Pod("p", "8")), NodeInfo(Node("n", cpu: "4")));
        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status!.Code);
    }

    [Fact]
    public void NodeResourcesFit_ExtendedResourceAndPodCount_Checked()
    {
        var plugin = new NodeResourcesFitPlugin();
        var gpuPod = new PodInfo(Pod("p", extra: new() { ["example.com/gpu"] = "2" }));
        Assert.Equal("Insufficient example.com/gpu", plugin.Filter(new CycleState(), gpuPod, NodeInfo(Node("n", extra: new() { ["example.com/gpu"] = "1" })))!.Message);
        Assert.Null(plugin.Filter(new CycleState(), gpuPod, NodeInfo(Node("n", extra: new() { ["example.com/gpu"] = "2" }))));
        Assert.Equal("Too many pods", plugin.Filter(new CycleState(), new PodInfo(Pod("p")), NodeInfo(Node("n", pods: "1"), Pod("a")))!.Message);
    }

    [Fact]
    public void PodInfo_InitContainersSidecarsAndOverhead_ComputedAsUpstream()
    {
        var pod = Pod("p", "1", "1Gi");
        pod.Spec.Containers.Add(new V1Container { Name = "c2", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["memory"] = new("1Gi") } } });
        pod.Spec.InitContainers =
        [
            new V1Container { Name = "i1", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2"), ["memory"] = new("3Gi") } } },
        ];
        pod.Spec.Overhead = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m") };
        var info = new PodInfo(pod);
        Assert.Equal(2250, info.Requests.MilliCpu);
        Assert.Equal(3L * 1024 * 1024 * 1024, info.Requests.Memory);

        pod.Spec.InitContainers[0].RestartPolicy = "Always";
        info = new PodInfo(pod);
        Assert.Equal(4250, info.Requests.MilliCpu);
        Assert.Equal(5L * 1024 * 1024 * 1024, info.Requests.Memory);
    }

    [Fact]
    public void PodInfo_NoRequests_NonZeroDefaults()
    {
        var info = new PodInfo(Pod("p"));
        Assert.Equal(0, info.Requests.MilliCpu);
        Assert.Equal(100, info.NonZeroRequests.MilliCpu);
        Assert.Equal(200L * 1024 * 1024, info.NonZeroRequests.Memory);
    }

    [Fact]
    public void NodePorts_HostPortTaken_Rejected()
    {
        var existing = Pod("a");
        existing.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80, HostPort = 8080 }];
        var pod = Pod("p");
        pod.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80, HostPort = 8080 }];
        var plugin = new NodePortsPlugin();
        Assert.Equal("node(s) didn't have free ports for the requested pod ports", plugin.Filter(new CycleState(), new PodInfo(pod), NodeInfo(Node("n"), existing))!.Message);
        Assert.Null(plugin.Filter(new CycleState(), new PodInfo(pod), NodeInfo(Node("n"))));
        Assert.Equal(StatusCode.Skip, plugin.PreFilter(new CycleState(), new PodInfo(Pod("q")), [])!.Code);
    }

    [Fact]
    public void NodeAffinity_SelectorAndRequiredTerms_Applied()
    {
        var plugin = new NodeAffinityPlugin();
        var pod = Pod("p");
        pod.Spec.NodeSelector = new Dictionary<string, string> { ["disk"] = "ssd" };
        pod.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "zone", OperatorProperty = "In", Values = ["a", "b"] }] }],
                },
            },
        };
        var state = new CycleState();
        var info = new PodInfo(pod);
        Assert.Null(plugin.PreFilter(state, info, []));
        Assert.Null(plugin.Filter(state, info, NodeInfo(Node("n", labels: new() { ["disk"] = "ssd", ["zone"] = "a" }))));
        Assert.Equal("node(s) didn't match Pod's node affinity/selector", plugin.Filter(state, info, NodeInfo(Node("n", labels: new() { ["disk"] = "ssd", ["zone"] = "c" })))!.Message);
        Assert.NotNull(plugin.Filter(state, info, NodeInfo(Node("n", labels: new() { ["zone"] = "a" }))));
    }

    [Fact]
    public void TaintToleration_NoScheduleTaint_RejectedUnlessTolerated()
    {
        var node = NodeInfo(Node("n", taints: [new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }]));
        var plugin = new TaintTolerationPlugin();
        var status = plugin.Filter(new CycleState(), new PodInfo(Pod("p")), node);
        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status!.Code);
        Assert.Equal("node(s) had untolerated taint(s)", status.Message);
        var pod = Pod("p");
        pod.Spec.Tolerations = [new V1Toleration { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }];
        Assert.Null(plugin.Filter(new CycleState(), new PodInfo(pod), node));
        Assert.Null(plugin.Filter(new CycleState(), new PodInfo(Pod("p")), NodeInfo(Node("m", taints: [new V1Taint { Key = "k", Effect = "PreferNoSchedule" }]))));
    }
}
