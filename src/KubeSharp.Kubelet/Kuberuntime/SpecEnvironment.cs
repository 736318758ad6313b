using k8s.Models;
using KubeSharp.Kubelet.Config;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>
/// The environment written literally in the spec (env[].value with $(VAR) references to earlier variables), for a kubelet
/// without access to API objects (tests); the real one is <see cref="KubeletEnvironment"/>.
/// </summary>
internal sealed class SpecEnvironment : IContainerEnvironment
{
    public Task<IReadOnlyList<KeyValue>> ResolveAsync(V1Pod pod, V1Container container, IReadOnlyList<string> podIps, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var result = new List<KeyValue>();
        foreach (var env in container.Env ?? [])
        {
            var value = EnvExpansion.Expand(env.Value ?? "", EnvExpansion.MappingFor(values));
            values[env.Name] = value;
            result.RemoveAll(kv => kv.Key == env.Name);
            result.Add(new KeyValue { Key = env.Name, Value = value });
        }

        return Task.FromResult<IReadOnlyList<KeyValue>>(result);
    }
}
