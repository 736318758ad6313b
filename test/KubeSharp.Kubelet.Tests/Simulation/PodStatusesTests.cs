using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Kubelet.Simulation;

namespace KubeSharp.Kubelet.Tests.Simulation;

public sealed class PodStatusesTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly SimulatedNode _node = new("sim-node-0", 0, Start);

    [Fact]
    public void Running_InitContainersAndSidecar_InitCompletedSidecarRunning()
    {
        var pod = Pod();
        pod.Spec.InitContainers =
        [
            new V1Container { Name = "setup", Image = "busybox" },
            new V1Container { Name = "proxy", Image = "envoy", RestartPolicy = "Always" },
        ];

        var status = Status(PodStatuses.Running(pod, _node, "10.64.0.5", Start, Start.AddSeconds(1)));

        var init = status["initContainerStatuses"]!.AsArray();
        Assert.Equal(0, (int)init[0]!["state"]!["terminated"]!["exitCode"]!);
        Assert.False((bool)init[0]!["ready"]!);
        Assert.NotNull(init[1]!["state"]!["running"]);
        Assert.True((bool)init[1]!["ready"]!);
        Assert.Equal("2025-01-01T12:00:00Z", (string?)status["startTime"]);
        Assert.Equal("2025-01-01T12:00:00Z", (string?)status["containerStatuses"]![0]!["state"]!["running"]!["startedAt"]);
    }

    [Fact]
    public void Running_Patch_CarriesUidAndEveryCondition()
    {
        var patch = JsonNode.Parse(PodStatuses.Running(Pod(), _node, "10.64.0.5", Start, Start))!;

        Assert.Equal("uid-1", (string?)patch["metadata"]!["uid"]);
        var types = patch["status"]!["conditions"]!.AsArray().Select(c => (string?)c!["type"]).ToList();
        Assert.Equal(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"], types);
        Assert.All(patch["status"]!["conditions"]!.AsArray(), c => Assert.Equal("True", (string?)c!["status"]));
    }

    [Fact]
    public void Succeeded_Containers_TerminatedCompletedAndNotReady()
    {
        var status = Status(PodStatuses.Succeeded(Pod(), _node, "10.64.0.5", Start, Start.AddSeconds(5)));

        Assert.Equal("Succeeded", (string?)status["phase"]);
        var terminated = status["containerStatuses"]![0]!["state"]!["terminated"]!;
        Assert.Equal("Completed", (string?)terminated["reason"]);
        Assert.Equal("2025-01-01T12:00:05Z", (string?)terminated["finishedAt"]);
        var ready = status["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!;
        Assert.Equal("PodCompleted", (string?)ready["reason"]);
    }

    private static JsonNode Status(string patch) => JsonNode.Parse(patch)!["status"]!;

    private static V1Pod Pod() => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "default", Uid = "uid-1" },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "nginx" }] },
    };
}
