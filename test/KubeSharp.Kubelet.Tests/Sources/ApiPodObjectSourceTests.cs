using k8s;
using k8s.Models;
using KubeSharp.Kubelet.Sources;
using KubeSharp.Kubelet.Tests.Simulation;

namespace KubeSharp.Kubelet.Tests.Sources;

public sealed class ApiPodObjectSourceTests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    [Fact]
    public async Task Reads_ObjectsThroughApiServer_NullWhenAbsent()
    {
        var client = fixture.Client;
        var ns = "src-" + Guid.NewGuid().ToString("N")[..8];
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" }, Data = new Dictionary<string, string> { ["k"] = "v" } }, ns);
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s" }, StringData = new Dictionary<string, string> { ["k"] = "v" } }, ns);
        await client.CoreV1.CreateNamespacedServiceAsync(new V1Service { Metadata = new V1ObjectMeta { Name = "svc" }, Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] } }, ns);
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = "pending" },
            Spec = new V1PersistentVolumeClaimSpec { AccessModes = ["ReadWriteOnce"], Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } } },
        }, ns);
        var source = new ApiPodObjectSource(client);

        Assert.Equal("v", (await source.GetConfigMapAsync(ns, "cm", CancellationToken.None))!.Data["k"]);
        Assert.Null(await source.GetConfigMapAsync(ns, "nope", CancellationToken.None));
        Assert.Equal("v"u8.ToArray(), (await source.GetSecretAsync(ns, "s", CancellationToken.None))!.Data["k"]);
        Assert.Null(await source.GetSecretAsync(ns, "nope", CancellationToken.None));
        Assert.Equal(["svc"], (await source.ListServicesAsync(ns, CancellationToken.None)).Select(s => s.Metadata.Name));
        Assert.Null(await source.GetVolumeForClaimAsync(ns, "pending", CancellationToken.None));
        Assert.Null(await source.GetVolumeForClaimAsync(ns, "nope", CancellationToken.None));
    }

    [Fact]
    public async Task RequestServiceAccountTokenAsync_ApiServer_ReturnsTokenOrClearError()
    {
        var client = fixture.Client;
        var ns = "tok-" + Guid.NewGuid().ToString("N")[..8];
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "sa1" } }, ns);
        var pod = await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec { ServiceAccountName = "sa1", Containers = [new V1Container { Name = "c", Image = "busybox" }] },
        }, ns);
        var source = new ApiPodObjectSource(client);

        try
        {
            var token = await source.RequestServiceAccountTokenAsync(pod, null, 3600, CancellationToken.None);
            Assert.False(string.IsNullOrEmpty(token));
        }
        catch (InvalidOperationException e)
        {
            Assert.StartsWith("failed to fetch token: TokenRequest for serviceaccount " + ns + "/sa1 failed:", e.Message, StringComparison.Ordinal);
            Console.WriteLine("TokenRequest not served: " + e.Message);
        }
    }
}
