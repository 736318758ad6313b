using k8s.Models;
using KubeSharp.Kubelet.Kuberuntime;
using KubeSharp.Kubelet.Status;
using KubeSharp.Kubelet.Tests.Kuberuntime;

namespace KubeSharp.Kubelet.Tests.Status;

public sealed class PodStatusGeneratorTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 1, 0, TimeSpan.Zero);

    [Fact]
    public void Generate_RunningContainer_RunningAndReady()
    {
        var pod = TestPods.Pod("p");
        var runtime = PodActionsPlannerTests.Status(pod, PodActionsPlannerTests.Running("app", pod.Spec.Containers[0]));

        var status = PodStatusGenerator.Generate(pod, runtime, new ReasonCache(), "containerd", "192.168.1.5", Now, false, null);

        Assert.Equal("Running", status.Phase);
        Assert.Equal("10.88.0.2", status.PodIP);
        Assert.Equal("192.168.1.5", status.HostIP);
        var container = Assert.Single(status.ContainerStatuses);
        Assert.True(container.Ready);
        Assert.Equal("containerd://id-app", container.ContainerID);
        Assert.NotNull(container.State.Running);
        Assert.All(status.Conditions.Where(c => c.Type != "PodScheduled"), c => Assert.Equal("True", c.Status));
        Assert.Equal(["PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready", "PodScheduled"], status.Conditions.Select(c => c.Type));
    }

    [Fact]
    public void Generate_ReadinessGates_ReadyOnlyWhenEveryGateConditionIsTrue()
    {
        var pod = TestPods.Pod("p");
        pod.Spec.ReadinessGates = [new V1PodReadinessGate { ConditionType = "example.com/lb" }, new V1PodReadinessGate { ConditionType = "example.com/dns" }];
        var runtime = PodActionsPlannerTests.Status(pod, PodActionsPlannerTests.Running("app", pod.Spec.Containers[0]));
        pod.Status = new V1PodStatus { Conditions = [new V1PodCondition { Type = "example.com/lb", Status = "False" }] };

        var status = PodStatusGenerator.Generate(pod, runtime, new ReasonCache(), "containerd", "192.168.1.5", Now, false, null);
        Assert.Equal("True", status.Conditions.Single(c => c.Type == "ContainersReady").Status);
        var ready = status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("False", "ReadinessGatesNotReady"), (ready.Status, ready.Reason));
        Assert.Equal("the status of pod readiness gate \"example.com/lb\" is not \"True\", but False, "
            + "corresponding condition of pod readiness gate \"example.com/dns\" does not exist.", ready.Message);

        pod.Status = new V1PodStatus
        {
            Conditions = [new V1PodCondition { Type = "example.com/lb", Status = "True" }, new V1PodCondition { Type = "example.com/dns", Status = "True" }],
        };
        status = PodStatusGenerator.Generate(pod, runtime, new ReasonCache(), "containerd", "192.168.1.5", Now, false, null);
        Assert.Equal("True", status.Conditions.Single(c => c.Type == "Ready").Status);
    }

    [Fact]
    public void Generate_NoContainersYet_PendingContainerCreating()
    {
        var pod = TestPods.Pod("p");

        var status = PodStatusGenerator.Generate(pod, PodRuntimeStatus.Empty("uid-p", "p", "default"), new ReasonCache(), "containerd", "1.2.3.4", Now, false, null);

        Assert.Equal("Pending", status.Phase);
        Assert.Equal("ContainerCreating", status.ContainerStatuses[0].State.Waiting.Reason);
        var ready = status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal("ContainersNotReady", ready.Reason);
        Assert.Equal("containers with unready status: [app]", ready.Message);
    }

    [Fact]
    public void Generate_CrashLooping_WaitingWithLastStateAndRestartCount()
    {
        var pod = TestPods.Pod("p");
        var reasons = new ReasonCache();
        reasons.Add("uid-p", "app", "CrashLoopBackOff", "back-off 10s restarting failed container=app pod=p_default(uid-p)");
        var runtime = PodActionsPlannerTests.Status(pod,
            PodActionsPlannerTests.Exited("app", 1, pod.Spec.Containers[0], restarts: 1),
            PodActionsPlannerTests.Exited("app", 1, pod.Spec.Containers[0], restarts: 0));

        var status = PodStatusGenerator.Generate(pod, runtime, reasons, "containerd", "1.2.3.4", Now, false, null);

        var container = Assert.Single(status.ContainerStatuses);
        Assert.Equal("CrashLoopBackOff", container.State.Waiting.Reason);
        Assert.Equal(1, container.LastState.Terminated.ExitCode);
        Assert.Equal("Error", container.LastState.Terminated.Reason);
        Assert.Equal(1, container.RestartCount);
        Assert.Equal("Running", status.Phase);
    }

    [Fact]
    public void Generate_NeverPolicyExitedZero_SucceededWithPodCompleted()
    {
        var pod = TestPods.Pod("p", "Never");
        var runtime = PodActionsPlannerTests.Status(pod, PodActionsPlannerTests.Exited("app", 0, pod.Spec.Containers[0]));

        var status = PodStatusGenerator.Generate(pod, runtime, new ReasonCache(), "containerd", "1.2.3.4", Now, false, null);

        Assert.Equal("Succeeded", status.Phase);
        Assert.Equal("Completed", status.ContainerStatuses[0].State.Terminated.Reason);
        Assert.Equal("PodCompleted", status.Conditions.Single(c => c.Type == "Ready").Reason);
    }

    [Fact]
    public void Generate_InitContainerPending_InitializedFalseAndPodInitializing()
    {
        var pod = TestPods.Pod("p");
        pod.Spec.InitContainers = [TestPods.Container("init")];

        var status = PodStatusGenerator.Generate(pod, PodRuntimeStatus.Empty("uid-p", "p", "default"), new ReasonCache(), "containerd", "1.2.3.4", Now, false, null);

        Assert.Equal("Pending", status.Phase);
        var initialized = status.Conditions.Single(c => c.Type == "Initialized");
        Assert.Equal("ContainersNotInitialized", initialized.Reason);
        Assert.Equal("containers with incomplete status: [init]", initialized.Message);
        Assert.Equal("PodInitializing", status.ContainerStatuses[0].State.Waiting.Reason);
    }

    [Fact]
    public void Generate_UnchangedCondition_KeepsTransitionTime()
    {
        var pod = TestPods.Pod("p");
        var earlier = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        pod.Status = new V1PodStatus { Conditions = [new V1PodCondition { Type = "Ready", Status = "False", LastTransitionTime = earlier }] };

        var status = PodStatusGenerator.Generate(pod, PodRuntimeStatus.Empty("uid-p", "p", "default"), new ReasonCache(), "containerd", "1.2.3.4", Now, false, null);

        Assert.Equal(earlier, status.Conditions.Single(c => c.Type == "Ready").LastTransitionTime);
    }
}
