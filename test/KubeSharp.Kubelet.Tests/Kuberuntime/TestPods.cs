using k8s.Models;

namespace KubeSharp.Kubelet.Tests.Kuberuntime;

internal static class TestPods
{
    public static V1Pod Pod(string name, string restartPolicy = "Always", params V1Container[] containers) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = "uid-" + name },
        Spec = new V1PodSpec
        {
            RestartPolicy = restartPolicy,
            TerminationGracePeriodSeconds = 1,
            Containers = containers.Length == 0 ? [Container("app")] : [.. containers],
        },
    };

    public static V1Container Container(string name, string image = "docker.io/library/busybox:1.35") =>
        new() { Name = name, Image = image, ImagePullPolicy = "IfNotPresent" };
}
