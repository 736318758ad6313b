using k8s.Models;

namespace KubeSharp.Kubelet.Tests.Config;

internal static class TestPods
{
    public static V1Pod Pod(string ns = "ns1", string name = "web", string uid = "uid-1", params V1Container[] containers) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            Uid = uid,
            Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front\"end" },
            Annotations = new Dictionary<string, string> { ["note"] = "a\nb" },
        },
        Spec = new V1PodSpec
        {
            NodeName = "node-a",
            ServiceAccountName = "sa1",
            Containers = containers.Length > 0 ? containers : [new V1Container { Name = "c" }],
        },
    };
}
