using System.Net;
using k8s;
using k8s.Autorest;
using KubeSharp.Controllers.ServiceAccount;
using KubeSharp.Controllers.Tests.GarbageCollector;

namespace KubeSharp.Controllers.Tests.ServiceAccount;

public sealed class ServiceAccountControllersTests(ServiceAccountFixture fixture) : IClassFixture<ServiceAccountFixture>
{
    private IKubernetes Client => fixture.Client;

    [Fact]
    public async Task NewNamespace_DefaultServiceAccountCreatedAndRecreatedAfterDelete()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await ControllerFixture.EventuallyAsync(async () => await GetServiceAccountUidAsync(ns) is not null, "the default service account exists");
        var first = await GetServiceAccountUidAsync(ns);

        await Client.CoreV1.DeleteNamespacedServiceAccountAsync("default", ns);

        await ControllerFixture.EventuallyAsync(async () => await GetServiceAccountUidAsync(ns) is { } uid && uid != first, "the default service account is recreated");
    }

    [Fact]
    public async Task SystemNamespaces_GetDefaultServiceAccount()
    {
        await ControllerFixture.EventuallyAsync(async () => await GetServiceAccountUidAsync("kube-system") is not null, "kube-system has a default service account");
    }

    [Fact]
    public async Task NewNamespace_RootCaConfigMapPublishedAndRestored()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await ControllerFixture.EventuallyAsync(async () => await GetCaAsync(ns) == ServiceAccountFixture.CaPem, "kube-root-ca.crt is published");

        var edited = await Client.CoreV1.ReadNamespacedConfigMapAsync(RootCaCertPublisher.ConfigMapName, ns);
        edited.Data[RootCaCertPublisher.DataKey] = "tampered";
        edited.Data["extra"] = "x";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(edited, RootCaCertPublisher.ConfigMapName, ns);
        await ControllerFixture.EventuallyAsync(async () =>
            (await Client.CoreV1.ReadNamespacedConfigMapAsync(RootCaCertPublisher.ConfigMapName, ns)).Data is { Count: 1 } data
            && data[RootCaCertPublisher.DataKey] == ServiceAccountFixture.CaPem, "the edited ConfigMap is restored");

        await Client.CoreV1.DeleteNamespacedConfigMapAsync(RootCaCertPublisher.ConfigMapName, ns);
        await ControllerFixture.EventuallyAsync(async () => await GetCaAsync(ns) == ServiceAccountFixture.CaPem, "the deleted ConfigMap is recreated");
    }

    private async Task<string?> GetServiceAccountUidAsync(string ns)
    {
        try
        {
            return (await Client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns)).Metadata.Uid;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<string?> GetCaAsync(string ns)
    {
        try
        {
            return (await Client.CoreV1.ReadNamespacedConfigMapAsync(RootCaCertPublisher.ConfigMapName, ns)).Data is { } data && data.TryGetValue(RootCaCertPublisher.DataKey, out var ca) ? ca : null;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
