using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Controllers.Tests.GarbageCollector;

namespace KubeSharp.Controllers.Tests.Namespace;

public sealed class NamespaceControllerTests(NamespaceFixture fixture) : IClassFixture<NamespaceFixture>
{
    private IKubernetes Client => fixture.Client;

    [Fact]
    public async Task DeleteNamespace_WithContent_ContentAndNamespaceDeleted()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" } }, ns);
        await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s" } }, ns);
        await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
        }, ns);

        await Client.CoreV1.DeleteNamespaceAsync(ns);

        await ControllerFixture.EventuallyAsync(async () => !await NamespaceExistsAsync(ns), "the namespace is deleted");
        Assert.Empty((await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items);
        Assert.Empty((await Client.CoreV1.ListNamespacedSecretAsync(ns)).Items);
        Assert.Empty((await Client.CoreV1.ListNamespacedPodAsync(ns)).Items);
    }

    [Fact]
    public async Task DeleteNamespace_ContentWithFinalizer_TerminatingWithConditionsUntilFinalizerRemoved()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "held", Finalizers = ["example.com/hold"] },
        }, ns);

        await Client.CoreV1.DeleteNamespaceAsync(ns);

        await ControllerFixture.EventuallyAsync(async () =>
            Condition(await Client.CoreV1.ReadNamespaceAsync(ns), "NamespaceFinalizersRemaining")?.Status == "True", "the finalizers condition is set");
        var terminating = await Client.CoreV1.ReadNamespaceAsync(ns);
        Assert.Equal("Terminating", terminating.Status.Phase);
        var finalizers = Condition(terminating, "NamespaceFinalizersRemaining")!;
        Assert.Equal("SomeFinalizersRemain", finalizers.Reason);
        Assert.Equal("Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances", finalizers.Message);
        var remaining = Condition(terminating, "NamespaceContentRemaining")!;
        Assert.Equal(("True", "SomeResourcesRemain", "Some resources are remaining: configmaps. has 1 resource instances"),
            (remaining.Status, remaining.Reason, remaining.Message));
        var discovery = Condition(terminating, "NamespaceDeletionDiscoveryFailure")!;
        Assert.Equal(("False", "ResourcesDiscovered"), (discovery.Status, discovery.Reason));

        var held = await Client.CoreV1.ReadNamespacedConfigMapAsync("held", ns);
        held.Metadata.Finalizers = [];
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(held, "held", ns);

        await ControllerFixture.EventuallyAsync(async () => !await NamespaceExistsAsync(ns), "the namespace is deleted", TimeSpan.FromSeconds(15));
    }

    private static V1NamespaceCondition? Condition(V1Namespace ns, string type) => ns.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    private async Task<bool> NamespaceExistsAsync(string name)
    {
        try
        {
            await Client.CoreV1.ReadNamespaceAsync(name);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
