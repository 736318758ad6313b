using k8s.Models;
using KubeSharp.Kubelet.Sources;

namespace KubeSharp.Kubelet.Tests.Config;

/// <summary>An in-memory <see cref="IPodObjectSource"/>; tests mutate its dictionaries directly.</summary>
internal sealed class FakePodObjectSource : IPodObjectSource
{
    public Dictionary<(string Ns, string Name), V1ConfigMap> ConfigMaps { get; } = [];

    public Dictionary<(string Ns, string Name), V1Secret> Secrets { get; } = [];

    public List<V1Service> Services { get; } = [];

    public Dictionary<(string Ns, string Name), V1PersistentVolume> ClaimVolumes { get; } = [];

    public int TokenRequests { get; private set; }

    public Task<V1ConfigMap?> GetConfigMapAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
        Task.FromResult(ConfigMaps.GetValueOrDefault((namespaceName, name)));

    public Task<V1Secret?> GetSecretAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
        Task.FromResult(Secrets.GetValueOrDefault((namespaceName, name)));

    public Task<IReadOnlyList<V1Service>> ListServicesAsync(string namespaceName, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<V1Service>>(Services.Where(s => s.Metadata.NamespaceProperty == namespaceName).ToList());

    public Task<V1PersistentVolume?> GetVolumeForClaimAsync(string namespaceName, string claimName, CancellationToken cancellationToken) =>
        Task.FromResult(ClaimVolumes.GetValueOrDefault((namespaceName, claimName)));

    public Task<string> RequestServiceAccountTokenAsync(V1Pod pod, string? audience, long expirationSeconds, CancellationToken cancellationToken)
    {
        TokenRequests++;
        return Task.FromResult($"token-{TokenRequests}-{pod.Spec.ServiceAccountName}-{audience}-{expirationSeconds}");
    }

    public void AddConfigMap(string ns, string name, Dictionary<string, string> data) =>
        ConfigMaps[(ns, name)] = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns }, Data = data };

    public void AddSecret(string ns, string name, Dictionary<string, string> data) =>
        Secrets[(ns, name)] = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Data = data.ToDictionary(kv => kv.Key, kv => System.Text.Encoding.UTF8.GetBytes(kv.Value)),
        };

    public void AddService(string ns, string name, string clusterIp, params V1ServicePort[] ports) =>
        Services.Add(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Spec = new V1ServiceSpec { ClusterIP = clusterIp, Ports = ports },
        });
}
