using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KubeSharp.Kubelet.Sources;

/// <summary>
/// <see cref="IPodObjectSource"/> over the API server (official client): direct GETs, no caches, so that every refresh
/// of a volume or a container start sees the current objects.
/// </summary>
internal sealed class ApiPodObjectSource(IKubernetes client) : IPodObjectSource
{
    public Task<V1ConfigMap?> GetConfigMapAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
        OrNullAsync(() => client.CoreV1.ReadNamespacedConfigMapAsync(name, namespaceName, cancellationToken: cancellationToken));

    public Task<V1Secret?> GetSecretAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
        OrNullAsync(() => client.CoreV1.ReadNamespacedSecretAsync(name, namespaceName, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<V1Service>> ListServicesAsync(string namespaceName, CancellationToken cancellationToken)
    {
        var list = await client.CoreV1.ListNamespacedServiceAsync(namespaceName, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. list.Items ?? []];
    }

    public async Task<V1PersistentVolume?> GetVolumeForClaimAsync(string namespaceName, string claimName, CancellationToken cancellationToken)
    {
        var claim = await OrNullAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(claimName, namespaceName, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (claim is null || claim.Status?.Phase != "Bound" || string.IsNullOrEmpty(claim.Spec?.VolumeName))
        {
            return null;
        }

        return await OrNullAsync(() => client.CoreV1.ReadPersistentVolumeAsync(claim.Spec.VolumeName, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<string> RequestServiceAccountTokenAsync(V1Pod pod, string? audience, long expirationSeconds, CancellationToken cancellationToken)
    {
        var serviceAccount = string.IsNullOrEmpty(pod.Spec?.ServiceAccountName) ? "default" : pod.Spec.ServiceAccountName;
        var request = new Authenticationv1TokenRequest
        {
            ApiVersion = "authentication.k8s.io/v1",
            Kind = "TokenRequest",
            Spec = new V1TokenRequestSpec
            {
                Audiences = string.IsNullOrEmpty(audience) ? [] : [audience],
                ExpirationSeconds = expirationSeconds,
                // Binding to the pod makes the token die with it, as upstream's kubelet does.
                BoundObjectRef = new V1BoundObjectReference { ApiVersion = "v1", Kind = "Pod", Name = pod.Metadata.Name, Uid = pod.Metadata.Uid },
            },
        };
        Authenticationv1TokenRequest response;
        try
        {
            response = await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, serviceAccount, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw new InvalidOperationException(
                $"failed to fetch token: TokenRequest for serviceaccount {pod.Metadata.NamespaceProperty}/{serviceAccount} failed: {(int)e.Response.StatusCode} {e.Response.Content}", e);
        }

        var token = response.Status?.Token;
        return string.IsNullOrEmpty(token)
            ? throw new InvalidOperationException($"failed to fetch token: the API server returned no token for serviceaccount {pod.Metadata.NamespaceProperty}/{serviceAccount}")
            : token;
    }

    private static async Task<T?> OrNullAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
