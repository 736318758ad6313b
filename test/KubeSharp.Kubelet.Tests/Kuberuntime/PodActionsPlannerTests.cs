using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Kuberuntime;
using KubeSharp.Kubelet.Prober;

namespace KubeSharp.Kubelet.Tests.Kuberuntime;

public sealed class PodActionsPlannerTests
{
    private static readonly Dictionary<string, ProbeType> NoProbes = [];
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Compute_NewPod_CreatesSandboxAndStartsAllContainers()
    {
        var pod = TestPods.Pod("p", "Always", TestPods.Container("a"), TestPods.Container("b"));

        var actions = PodActionsPlanner.Compute(pod, PodRuntimeStatus.Empty("uid-p", "p", "default"), NoProbes);

        Assert.True(actions.CreateSandbox);
        Assert.Equal(0u, actions.Attempt);
        Assert.Equal([0, 1], actions.ContainersToStart);
    }

    [Fact]
    public void Compute_NewPodWithInitContainers_StartsFirstInitContainerOnly()
    {
        var pod = TestPods.Pod("p");
        pod.Spec.InitContainers = [TestPods.Container("init1"), TestPods.Container("init2")];

        var actions = PodActionsPlanner.Compute(pod, PodRuntimeStatus.Empty("uid-p", "p", "default"), NoProbes);

        Assert.True(actions.CreateSandbox);
        Assert.Equal([0], actions.InitContainersToStart);
        Assert.Empty(actions.ContainersToStart);
    }

    [Fact]
    public void Compute_FirstInitContainerSucceeded_StartsSecond()
    {
        var pod = TestPods.Pod("p");
        pod.Spec.InitContainers = [TestPods.Container("init1"), TestPods.Container("init2")];
        var status = Status(pod, Exited("init1", 0, pod.Spec.InitContainers[0]));

        var actions = PodActionsPlanner.Compute(pod, status, NoProbes);

        Assert.False(actions.CreateSandbox);
        Assert.Equal([1], actions.InitContainersToStart);
        Assert.Empty(actions.ContainersToStart);
    }

    [Fact]
    public void Compute_SidecarRunningAndInitDone_StartsMainContainersWithoutRestartingSidecar()
    {
        var pod = TestPods.Pod("p");
        var sidecar = TestPods.Container("proxy");
        sidecar.RestartPolicy = "Always";
        pod.Spec.InitContainers = [sidecar, TestPods.Container("init")];
        var status = Status(pod, Running("proxy", sidecar), Exited("init", 0, pod.Spec.InitContainers[1]));

        var actions = PodActionsPlanner.Compute(pod, status, NoProbes);

        Assert.Empty(actions.InitContainersToStart);
        Assert.Equal([0], actions.ContainersToStart);
    }

    [Fact]
    public void Compute_AllRunning_NothingToDo()
    {
        var pod = TestPods.Pod("p");
        var actions = PodActionsPlanner.Compute(pod, Status(pod, Running("app", pod.Spec.Containers[0])), NoProbes);

        Assert.False(actions.KillPod);
        Assert.False(actions.CreateSandbox);
        Assert.Empty(actions.ContainersToStart);
        Assert.Empty(actions.ContainersToKill);
    }

    [Theory]
    [InlineData("Always", 0, true)]
    [InlineData("Always", 1, true)]
    [InlineData("OnFailure", 1, true)]
    [InlineData("OnFailure", 0, false)]
    [InlineData("Never", 1, false)]
    public void Compute_ContainerExited_RestartsPerRestartPolicy(string policy, int exitCode, bool restarts)
    {
        var pod = TestPods.Pod("p", policy);
        var actions = PodActionsPlanner.Compute(pod, Status(pod, Exited("app", exitCode, pod.Spec.Containers[0])), NoProbes);

        Assert.Equal(restarts, actions.ContainersToStart.Count == 1);
        Assert.Equal(!restarts, actions.KillPod);
    }

    [Fact]
    public void Compute_LivenessFailed_KillsAndRestartsWithReason()
    {
        var pod = TestPods.Pod("p");
        var running = Running("app", pod.Spec.Containers[0]);

        var actions = PodActionsPlanner.Compute(pod, Status(pod, running), new Dictionary<string, ProbeType> { [running.Id] = ProbeType.Liveness });

        var kill = Assert.Single(actions.ContainersToKill);
        Assert.Equal("Container app failed liveness probe, will be restarted", kill.Message);
        Assert.Equal(PodActionsPlanner.ReasonLivenessProbe, kill.Reason);
        Assert.Equal([0], actions.ContainersToStart);
    }

    [Fact]
    public void Compute_SpecChanged_KillsAndRestarts()
    {
        var pod = TestPods.Pod("p");
        var running = Running("app", pod.Spec.Containers[0]) with { Hash = "00000000" };

        var actions = PodActionsPlanner.Compute(pod, Status(pod, running), NoProbes);

        Assert.Equal("Container app definition changed, will be restarted", Assert.Single(actions.ContainersToKill).Message);
    }

    [Fact]
    public void Compute_SandboxNotReady_RecreatesWithNextAttempt()
    {
        var pod = TestPods.Pod("p");
        var status = Status(pod, Exited("app", 137, pod.Spec.Containers[0])) with
        {
            Sandboxes = [new RuntimeSandbox("sb1", 0, false, T0, [], false)],
        };

        var actions = PodActionsPlanner.Compute(pod, status, NoProbes);

        Assert.True(actions.KillPod);
        Assert.True(actions.CreateSandbox);
        Assert.Equal(1u, actions.Attempt);
    }

    internal static PodRuntimeStatus Status(V1Pod pod, params RuntimeContainer[] containers) =>
        new(pod.Metadata.Uid, pod.Metadata.Name, "default", [new RuntimeSandbox("sb1", 0, true, T0, ["10.88.0.2"], false)], containers);

    internal static RuntimeContainer Running(string name, V1Container spec, int restarts = 0) =>
        new("id-" + name, name, "sb1", ContainerState.ContainerRunning, restarts, ContainerHash.Of(spec), T0, T0, null, 0, null, null, spec.Image, "sha256:1");

    internal static RuntimeContainer Exited(string name, int exitCode, V1Container spec, int restarts = 0) =>
        new("id-" + name + restarts, name, "sb1", ContainerState.ContainerExited, restarts, ContainerHash.Of(spec), T0.AddSeconds(restarts), T0,
            T0.AddSeconds(restarts + 1), exitCode, exitCode == 0 ? "Completed" : "Error", null, spec.Image, "sha256:1");
}
