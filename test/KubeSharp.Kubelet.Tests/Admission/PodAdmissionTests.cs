using k8s.Models;
using KubeSharp.Kubelet.Admission;
using KubeSharp.Kubelet.Tests.Kuberuntime;

namespace KubeSharp.Kubelet.Tests.Admission;

public sealed class PodAdmissionTests
{
    private static readonly Dictionary<string, ResourceQuantity> Allocatable = new()
    {
        ["cpu"] = new("2"), ["memory"] = new("4Gi"), ["pods"] = new("3"),
    };

    private static V1Pod Pod(string name, string? cpu = null, string? memory = null)
    {
        var pod = TestPods.Pod(name);
        var requests = new Dictionary<string, ResourceQuantity>();
        if (cpu is not null)
        {
            requests["cpu"] = new(cpu);
        }

        if (memory is not null)
        {
            requests["memory"] = new(memory);
        }

        pod.Spec.Containers[0].Resources = requests.Count == 0 ? null : new V1ResourceRequirements { Requests = requests };
        return pod;
    }

    [Fact]
    public void Admit_FitsBesideAdmittedPods_Admitted() =>
        Assert.Null(PodAdmission.Admit(Pod("new", "500m", "1Gi"), [Pod("a", "1"), Pod("b", memory: "2Gi")], Allocatable, new HashSet<string>()));

    [Fact]
    public void Admit_CpuOverAllocatable_OutOfcpuWithUpstreamMessage()
    {
        var rejection = PodAdmission.Admit(Pod("new", "1500m"), [Pod("a", "1")], Allocatable, new HashSet<string>());
        Assert.Equal(("OutOfcpu", "Pod was rejected: Node didn't have enough resource: cpu, requested: 1500, used: 1000, capacity: 2000"), rejection);
    }

    [Fact]
    public void Admit_MemoryAndPodCount_Rejected()
    {
        Assert.Equal("OutOfmemory", PodAdmission.Admit(Pod("new", memory: "3Gi"), [Pod("a", memory: "2Gi")], Allocatable, new HashSet<string>())?.Reason);
        var full = PodAdmission.Admit(Pod("new"), [Pod("a"), Pod("b"), Pod("c")], Allocatable, new HashSet<string>());
        Assert.Equal(("OutOfpods", "Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 3, capacity: 3"), full);
    }

    [Fact]
    public void Admit_UnderPressure_AsUpstreamsEvictionHandler()
    {
        var memory = new HashSet<string> { "MemoryPressure" };
        Assert.Equal(("Evicted", "The node had condition: [MemoryPressure]. "), PodAdmission.Admit(Pod("besteffort"), [], Allocatable, memory));
        Assert.Null(PodAdmission.Admit(Pod("burstable", "100m"), [], Allocatable, memory));

        var disk = new HashSet<string> { "DiskPressure", "MemoryPressure" };
        Assert.Equal("The node had condition: [DiskPressure MemoryPressure]. ", PodAdmission.Admit(Pod("burstable", "100m"), [], Allocatable, disk)?.Message);
        var critical = Pod("critical");
        critical.Spec.Priority = 2_000_001_000;
        Assert.Null(PodAdmission.Admit(critical, [], Allocatable, disk));
    }

    [Fact]
    public void Request_InitContainersAndOverhead_AsTheScheduler()
    {
        var pod = Pod("p", "200m");
        pod.Spec.InitContainers = [new V1Container { Name = "init", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m") } } }];
        pod.Spec.Overhead = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m") };
        Assert.Equal(510, PodAdmission.Request(pod, "cpu", 1000m));
    }
}
