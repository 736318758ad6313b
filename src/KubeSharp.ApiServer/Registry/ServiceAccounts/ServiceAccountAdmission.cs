using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Objects;

namespace KubeSharp.ApiServer.Registry.ServiceAccounts;

/// <summary>
/// Upstream's ServiceAccount admission plugin on pod creation (plugin/pkg/admission/serviceaccount): the pod runs as
/// <c>default</c> unless it names an account; the account must exist (403 otherwise; <c>default</c> is looked up a few
/// times, since the serviceaccount controller creates it just after its namespace); unless the pod or the account turn
/// automounting off, every container gets the projected <c>kube-api-access-*</c> volume (token, cluster CA, namespace)
/// at /var/run/secrets/kubernetes.io/serviceaccount; the account's imagePullSecrets are copied to a pod that has none.
/// Mirror pods are not changed, and may not reference service accounts, secrets or token projections. Then the
/// <paramref name="inner"/> hooks run (upstream orders this plugin before Priority).
/// </summary>
internal sealed class ServiceAccountAdmission(Func<ResourceCatalog> catalog, RegistryHooks inner, TimeProvider time) : RegistryHooks
{
    public const string DefaultServiceAccountName = "default";
    public const string VolumePrefix = "kube-api-access-";
    public const string MountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
    private const string MirrorPodAnnotation = "kubernetes.io/config.mirror";
    private const int DefaultAccountAttempts = 10;

    public override async Task BeforeCreateAsync(JsonObject obj, bool dryRun, CancellationToken cancellationToken)
    {
        await AdmitAsync(obj, cancellationToken).ConfigureAwait(false);
        await inner.BeforeCreateAsync(obj, dryRun, cancellationToken).ConfigureAwait(false);
    }

    public override Task CreateFailedAsync(JsonObject obj, CancellationToken cancellationToken) => inner.CreateFailedAsync(obj, cancellationToken);

    public override Task<Func<CancellationToken, Task>?> BeforeUpdateAsync(JsonObject obj, JsonObject old, bool dryRun, CancellationToken cancellationToken) =>
        inner.BeforeUpdateAsync(obj, old, dryRun, cancellationToken);

    public override Task AfterDeleteAsync(JsonObject obj, CancellationToken cancellationToken) => inner.AfterDeleteAsync(obj, cancellationToken);

    private async Task AdmitAsync(JsonObject pod, CancellationToken cancellationToken)
    {
        if (pod["spec"] is not JsonObject spec)
        {
            return;
        }

        var ns = Meta.Namespace(pod);
        if ((pod["metadata"] as JsonObject)?["annotations"] is JsonObject annotations && annotations.ContainsKey(MirrorPodAnnotation))
        {
            ValidateMirrorPod(pod, spec);
            return;
        }

        // v1's deprecated serviceAccount stands in for an empty serviceAccountName, and always mirrors it.
        var name = Meta.GetString(spec, "serviceAccountName") is { Length: > 0 } given ? given
            : Meta.GetString(spec, "serviceAccount") is { Length: > 0 } deprecated ? deprecated
            : DefaultServiceAccountName;
        spec["serviceAccountName"] = name;
        spec["serviceAccount"] = name;

        var serviceAccount = await GetServiceAccountAsync(ns, name, cancellationToken).ConfigureAwait(false)
            ?? throw ApiException.Forbidden("", "pods", Meta.Name(pod), $"error looking up service account {ns}/{name}: serviceaccount \"{name}\" not found");
        if (ShouldAutomount(spec, serviceAccount))
        {
            MountToken(spec);
        }

        if (spec["imagePullSecrets"] is not JsonArray { Count: > 0 } && serviceAccount["imagePullSecrets"] is JsonArray { Count: > 0 } pullSecrets)
        {
            spec["imagePullSecrets"] = new JsonArray(pullSecrets.OfType<JsonObject>()
                .Select(s => (JsonNode?)new JsonObject { ["name"] = Meta.GetString(s, "name") ?? "" }).ToArray());
        }
    }

    private async Task<JsonObject?> GetServiceAccountAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var registry = catalog().Get("", "serviceaccounts");
        var attempts = name == DefaultServiceAccountName ? DefaultAccountAttempts : 1;
        var interval = TimeSpan.FromMilliseconds(100 + Random.Shared.Next(100));
        for (var i = 0; i < attempts; i++)
        {
            if (i > 0)
            {
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            }

            if (await registry.TryGetRecentAsync(ns, name, cancellationToken).ConfigureAwait(false) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static bool ShouldAutomount(JsonObject spec, JsonObject serviceAccount) =>
        Flag(spec["automountServiceAccountToken"]) ?? Flag(serviceAccount["automountServiceAccountToken"]) ?? true;

    private static bool? Flag(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>Mounts the token volume in every container not already mounting something at the path; adds it if needed.</summary>
    public static void MountToken(JsonObject spec)
    {
        var volumes = spec["volumes"] as JsonArray;
        var existing = volumes?.OfType<JsonObject>().Select(v => Meta.GetString(v, "name") ?? "")
            .FirstOrDefault(n => n.StartsWith(VolumePrefix, StringComparison.Ordinal));
        var volumeName = existing ?? NameGenerator.Generate(VolumePrefix);
        var needsVolume = false;
        foreach (var containers in (string[])["initContainers", "containers"])
        {
            foreach (var container in (spec[containers] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                var mounts = container["volumeMounts"] as JsonArray;
                if (mounts?.OfType<JsonObject>().Any(m => Meta.GetString(m, "mountPath") == MountPath) == true)
                {
                    continue;
                }

                if (mounts is null)
                {
                    mounts = [];
                    container["volumeMounts"] = mounts;
                }

                mounts.Add(new JsonObject { ["name"] = volumeName, ["readOnly"] = true, ["mountPath"] = MountPath });
                needsVolume = true;
            }
        }

        if (existing is null && needsVolume)
        {
            if (volumes is null)
            {
                volumes = [];
                spec["volumes"] = volumes;
            }

            volumes.Add(TokenVolume(volumeName));
        }
    }

    /// <summary>Upstream's TokenVolumeSource, as stored after v1 defaulting.</summary>
    private static JsonObject TokenVolume(string name) => new()
    {
        ["name"] = name,
        ["projected"] = new JsonObject
        {
            ["sources"] = new JsonArray(
                new JsonObject
                {
                    ["serviceAccountToken"] = new JsonObject
                    {
                        ["expirationSeconds"] = Auth.ServiceAccounts.ServiceAccountTokenIssuer.WarnOnlyBoundTokenExpirationSeconds,
                        ["path"] = "token",
                    },
                },
                new JsonObject
                {
                    ["configMap"] = new JsonObject
                    {
                        ["name"] = "kube-root-ca.crt",
                        ["items"] = new JsonArray(new JsonObject { ["key"] = "ca.crt", ["path"] = "ca.crt" }),
                    },
                },
                new JsonObject
                {
                    ["downwardAPI"] = new JsonObject
                    {
                        ["items"] = new JsonArray(new JsonObject
                        {
                            ["path"] = "namespace",
                            ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.namespace" },
                        }),
                    },
                }),
            ["defaultMode"] = 420,
        },
    };

    private static void ValidateMirrorPod(JsonObject pod, JsonObject spec)
    {
        var name = Meta.Name(pod);
        if (Meta.GetString(spec, "serviceAccountName") is { Length: > 0 })
        {
            throw ApiException.Forbidden("", "pods", name, "a mirror pod may not reference service accounts");
        }

        if (ReferencesSecrets(spec))
        {
            throw ApiException.Forbidden("", "pods", name, "a mirror pod may not reference secrets");
        }

        var projections = (spec["volumes"] as JsonArray)?.OfType<JsonObject>()
            .SelectMany(v => ((v["projected"] as JsonObject)?["sources"] as JsonArray)?.OfType<JsonObject>() ?? []) ?? [];
        if (projections.Any(s => s["serviceAccountToken"] is not null))
        {
            throw ApiException.Forbidden("", "pods", name, "a mirror pod may not use ServiceAccountToken volume projections");
        }
    }

    /// <summary>Upstream's VisitPodSecretNames, as a yes/no: pull secrets, secret-backed volumes and env of any container.</summary>
    private static bool ReferencesSecrets(JsonObject spec)
    {
        if (spec["imagePullSecrets"] is JsonArray { Count: > 0 })
        {
            return true;
        }

        foreach (var containers in (string[])["initContainers", "containers", "ephemeralContainers"])
        {
            foreach (var container in (spec[containers] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if ((container["env"] as JsonArray)?.OfType<JsonObject>().Any(e => (e["valueFrom"] as JsonObject)?["secretKeyRef"] is not null) == true
                    || (container["envFrom"] as JsonArray)?.OfType<JsonObject>().Any(e => e["secretRef"] is not null) == true)
                {
                    return true;
                }
            }
        }

        foreach (var volume in (spec["volumes"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            foreach (var (kind, source) in volume)
            {
                if (kind == "name" || source is not JsonObject s)
                {
                    continue;
                }

                if (kind == "secret" || (kind == "azureFile" && s["secretName"] is not null) || s["secretRef"] is not null
                    || s["nodePublishSecretRef"] is not null
                    || (kind == "projected" && (s["sources"] as JsonArray)?.OfType<JsonObject>().Any(p => p["secret"] is not null) == true))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
