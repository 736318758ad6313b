using System.Text;
using k8s.Models;
using KubeSharp.Api.Validation;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Sources;

namespace KubeSharp.Kubelet.Config;

/// <summary>
/// A container's environment as upstream's makeEnvironmentVariables builds it: service links, envFrom, env (with $(VAR)
/// expansion, configMap/secret keys, fieldRef, resourceFieldRef).
/// </summary>
internal sealed class ContainerEnvironment(IPodObjectSource objects)
{
    private const string MasterServiceNamespace = "default";
    private const string MasterServiceName = "kubernetes";

    /// <summary>
    /// The CRI environment: service-link variables not overridden by the container, then envFrom and env in declaration order
    /// (a later definition of a name replaces the value in place). Throws <see cref="ContainerConfigException"/> with
    /// upstream's message for a missing non-optional configMap, secret or key.
    /// </summary>
    public async Task<ContainerEnvironmentResult> MakeEnvironmentAsync(V1Pod pod, V1Container container, EnvironmentInputs inputs, CancellationToken cancellationToken)
    {
        var ns = pod.Metadata.NamespaceProperty ?? "default";
        var serviceEnv = await ServiceEnvironmentAsync(ns, pod.Spec?.EnableServiceLinks ?? true, cancellationToken).ConfigureAwait(false);
        var serviceMap = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in serviceEnv)
        {
            serviceMap[k] = v;
        }

        var tmpEnv = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        void Set(string name, string value)
        {
            if (!tmpEnv.ContainsKey(name))
            {
                order.Add(name);
            }

            tmpEnv[name] = value;
        }

        var warnings = new List<string>();
        var configMaps = new Dictionary<string, V1ConfigMap>(StringComparer.Ordinal);
        var secrets = new Dictionary<string, V1Secret>(StringComparer.Ordinal);

        foreach (var envFrom in container.EnvFrom ?? [])
        {
            if (envFrom.ConfigMapRef is { } cmRef)
            {
                var cm = await ConfigMapAsync(ns, cmRef.Name, cmRef.Optional == true, configMaps, cancellationToken).ConfigureAwait(false);
                if (cm is not null)
                {
                    AddFrom(cm.Data?.Select(kv => (kv.Key, kv.Value)), envFrom.Prefix, Set, out var invalid);
                    Warn(warnings, invalid, "configMap", ns, cmRef.Name);
                }
            }
            else if (envFrom.SecretRef is { } secretRef)
            {
                var secret = await SecretAsync(ns, secretRef.Name, secretRef.Optional == true, secrets, cancellationToken).ConfigureAwait(false);
                if (secret is not null)
                {
                    AddFrom(secret.Data?.Select(kv => (kv.Key, Encoding.UTF8.GetString(kv.Value))), envFrom.Prefix, Set, out var invalid);
                    Warn(warnings, invalid, "secret", ns, secretRef.Name);
                }
            }
        }

        var mapping = EnvExpansion.MappingFor(tmpEnv, serviceMap);
        foreach (var env in container.Env ?? [])
        {
            var value = env.Value ?? "";
            if (value.Length > 0)
            {
                value = EnvExpansion.Expand(value, mapping);
            }
            else if (env.ValueFrom is { } from)
            {
                string? resolved;
                if (from.FieldRef is { } fieldRef)
                {
                    resolved = FieldPathValues.PodFieldValue(fieldRef, pod, inputs);
                }
                else if (from.ResourceFieldRef is { } resourceRef)
                {
                    resolved = ResourceFieldValues.Value(resourceRef, pod, container, inputs.NodeAllocatable);
                }
                else if (from.ConfigMapKeyRef is { } cmKey)
                {
                    resolved = await ConfigMapKeyAsync(ns, cmKey, configMaps, cancellationToken).ConfigureAwait(false);
                }
                else if (from.SecretKeyRef is { } secretKey)
                {
                    resolved = await SecretKeyAsync(ns, secretKey, secrets, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    resolved = "";
                }

                if (resolved is null)
                {
                    // An optional source or key that does not exist leaves the variable out entirely.
                    continue;
                }

                value = resolved;
            }

            Set(env.Name, value);
        }

        var result = new List<KeyValue>();
        foreach (var (k, v) in serviceEnv)
        {
            if (!tmpEnv.ContainsKey(k))
            {
                result.Add(new KeyValue { Key = k, Value = v });
            }
        }

        result.AddRange(order.Select(k => new KeyValue { Key = k, Value = tmpEnv[k] }));
        return new ContainerEnvironmentResult(result, warnings);
    }

    private async Task<IReadOnlyList<KeyValuePair<string, string>>> ServiceEnvironmentAsync(string ns, bool enableServiceLinks, CancellationToken cancellationToken)
    {
        // The pod's own namespace wins over the master service of the default namespace, as upstream's map does.
        var byName = new SortedDictionary<string, V1Service>(StringComparer.Ordinal);
        var master = await objects.ListServicesAsync(MasterServiceNamespace, cancellationToken).ConfigureAwait(false);
        foreach (var svc in master.Where(s => s.Metadata.Name == MasterServiceName))
        {
            byName[svc.Metadata.Name] = svc;
        }

        if (enableServiceLinks)
        {
            var own = ns == MasterServiceNamespace ? master : await objects.ListServicesAsync(ns, cancellationToken).ConfigureAwait(false);
            foreach (var svc in own)
            {
                byName[svc.Metadata.Name] = svc;
            }
        }

        return ServiceEnvironment.FromServices(byName.Values);
    }

    private static void AddFrom(IEnumerable<(string Key, string Value)>? data, string? prefix, Action<string, string> set, out List<string> invalid)
    {
        invalid = [];
        // Upstream ranges over a Go map; sorted keys make the result stable.
        foreach (var (key, value) in (data ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var name = (prefix ?? "") + key;
            if (NameValidation.IsRelaxedEnvVarName(name).Count > 0)
            {
                invalid.Add(name);
                continue;
            }

            set(name, value);
        }
    }

    private static void Warn(List<string> warnings, List<string> invalid, string kind, string ns, string name)
    {
        if (invalid.Count > 0)
        {
            invalid.Sort(StringComparer.Ordinal);
            warnings.Add($"Keys [{string.Join(", ", invalid)}] from the EnvFrom {kind} {ns}/{name} were skipped since they are considered invalid environment variable names.");
        }
    }

    private async Task<V1ConfigMap?> ConfigMapAsync(string ns, string name, bool optional, Dictionary<string, V1ConfigMap> cache, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var cm = await objects.GetConfigMapAsync(ns, name, cancellationToken).ConfigureAwait(false);
        if (cm is null)
        {
            return optional ? null : throw new ContainerConfigException($"configmap \"{name}\" not found");
        }

        cache[name] = cm;
        return cm;
    }

    private async Task<V1Secret?> SecretAsync(string ns, string name, bool optional, Dictionary<string, V1Secret> cache, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var secret = await objects.GetSecretAsync(ns, name, cancellationToken).ConfigureAwait(false);
        if (secret is null)
        {
            return optional ? null : throw new ContainerConfigException($"secret \"{name}\" not found");
        }

        cache[name] = secret;
        return secret;
    }

    private async Task<string?> ConfigMapKeyAsync(string ns, V1ConfigMapKeySelector selector, Dictionary<string, V1ConfigMap> cache, CancellationToken cancellationToken)
    {
        var optional = selector.Optional == true;
        var cm = await ConfigMapAsync(ns, selector.Name, optional, cache, cancellationToken).ConfigureAwait(false);
        if (cm is null)
        {
            return null;
        }

        if (cm.Data is not null && cm.Data.TryGetValue(selector.Key, out var value))
        {
            return value;
        }

        return optional ? null : throw new ContainerConfigException($"couldn't find key {selector.Key} in ConfigMap {ns}/{selector.Name}");
    }

    private async Task<string?> SecretKeyAsync(string ns, V1SecretKeySelector selector, Dictionary<string, V1Secret> cache, CancellationToken cancellationToken)
    {
        var optional = selector.Optional == true;
        var secret = await SecretAsync(ns, selector.Name, optional, cache, cancellationToken).ConfigureAwait(false);
        if (secret is null)
        {
            return null;
        }

        if (secret.Data is not null && secret.Data.TryGetValue(selector.Key, out var value))
        {
            return Encoding.UTF8.GetString(value);
        }

        return optional ? null : throw new ContainerConfigException($"couldn't find key {selector.Key} in Secret {ns}/{selector.Name}");
    }
}
