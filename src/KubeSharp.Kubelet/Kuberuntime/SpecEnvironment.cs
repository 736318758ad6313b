using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>
/// The environment written literally in the spec (env[].value with $(VAR) references to earlier variables); a stand-in until
/// the full resolver (envFrom, valueFrom, service links) is wired in.
/// </summary>
internal sealed class SpecEnvironment : IContainerEnvironment
{
    public Task<IReadOnlyList<KeyValue>> ResolveAsync(V1Pod pod, V1Container container, IReadOnlyList<string> podIps, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var result = new List<KeyValue>();
        foreach (var env in container.Env ?? [])
        {
            var value = EnvExpansion.Expand(env.Value ?? "", name => values.TryGetValue(name, out var v) ? v : null);
            values[env.Name] = value;
            result.RemoveAll(kv => kv.Key == env.Name);
            result.Add(new KeyValue { Key = env.Name, Value = value });
        }

        return Task.FromResult<IReadOnlyList<KeyValue>>(result);
    }
}
