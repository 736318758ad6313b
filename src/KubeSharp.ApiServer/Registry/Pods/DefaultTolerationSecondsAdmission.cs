using System.Text.Json.Nodes;
using KubeSharp.Api.Objects;

namespace KubeSharp.ApiServer.Registry.Pods;

/// <summary>
/// Upstream's DefaultTolerationSeconds admission plugin: a new pod that does not tolerate the
/// <c>node.kubernetes.io/not-ready</c> or <c>node.kubernetes.io/unreachable</c> NoExecute taints (a toleration with that
/// key or no key, and effect NoExecute or none) gets one for each, operator Exists, for the configured seconds (300 by
/// default), so its node going silent evicts it only after that time. Then the <paramref name="inner"/> hooks run.
/// </summary>
internal sealed class DefaultTolerationSecondsAdmission(RegistryHooks inner, long notReadySeconds, long unreachableSeconds) : RegistryHooks
{
    public const string NotReadyTaint = "node.kubernetes.io/not-ready";
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";
    private const string NoExecute = "NoExecute";

    public override Task BeforeCreateAsync(JsonObject obj, bool dryRun, CancellationToken cancellationToken)
    {
        if (obj["spec"] is JsonObject spec)
        {
            Admit(spec);
        }

        return inner.BeforeCreateAsync(obj, dryRun, cancellationToken);
    }

    public override Task CreateFailedAsync(JsonObject obj, CancellationToken cancellationToken) => inner.CreateFailedAsync(obj, cancellationToken);

    public override Task<Func<CancellationToken, Task>?> BeforeUpdateAsync(JsonObject obj, JsonObject old, bool dryRun, CancellationToken cancellationToken) =>
        inner.BeforeUpdateAsync(obj, old, dryRun, cancellationToken);

    public override Task AfterDeleteAsync(JsonObject obj, CancellationToken cancellationToken) => inner.AfterDeleteAsync(obj, cancellationToken);

    private void Admit(JsonObject spec)
    {
        var tolerations = spec["tolerations"] as JsonArray;
        var added = new List<JsonObject>();
        foreach (var (key, seconds) in new[] { (NotReadyTaint, notReadySeconds), (UnreachableTaint, unreachableSeconds) })
        {
            if (!Tolerated(tolerations, key))
            {
                added.Add(new JsonObject { ["key"] = key, ["operator"] = "Exists", ["effect"] = NoExecute, ["tolerationSeconds"] = seconds });
            }
        }

        if (added.Count == 0)
        {
            return;
        }

        if (tolerations is null)
        {
            tolerations = [];
            spec["tolerations"] = tolerations;
        }

        foreach (var toleration in added)
        {
            tolerations.Add(toleration);
        }
    }

    private static bool Tolerated(JsonArray? tolerations, string key) =>
        (tolerations ?? []).OfType<JsonObject>().Any(t =>
            (Meta.GetString(t, "key") is null or "" || Meta.GetString(t, "key") == key) && Meta.GetString(t, "effect") is null or "" or NoExecute);
}
