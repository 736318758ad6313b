using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Objects;
using KubeSharp.ApiServer.Auth.ServiceAccounts;
using KubeSharp.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Registry.ServiceAccounts;

/// <summary>
/// <c>POST …/serviceaccounts/{name}/token</c>, upstream's TokenREST: issues a TokenRequest's token for a live service account,
/// optionally bound to a pod, secret or node of the same namespace whose uid must match the reference's.
/// </summary>
internal sealed class TokenRequestRest(ResourceCatalog catalog, ServiceAccountTokenIssuer issuer, TimeProvider time)
{
    private const string Group = "authentication.k8s.io";
    private const string Kind = "TokenRequest";
    private const long DefaultExpirationSeconds = 60 * 60;
    private const long MinExpirationSeconds = 10 * 60;

    /// <summary>Upstream's --service-account-extend-token-expiration (default true).</summary>
    public bool ExtendExpiration { get; init; } = true;

    public async Task HandleAsync(HttpContext context, string ns, string name)
    {
        var body = BodyDecoder.ParseObject(await BodyDecoder.ReadBytesAsync(context).ConfigureAwait(false), BodyDecoder.ContentType(context));
        var result = await CreateAsync(ns, name, body, context.RequestAborted).ConfigureAwait(false);
        var format = Negotiation.Choose(context.Request.Headers.Accept, discovery: false) == ResponseFormat.Yaml ? ResponseFormat.Yaml : ResponseFormat.Json;
        await ResponseWriter.WriteAsync(context, 201, result, format).ConfigureAwait(false);
    }

    public async Task<JsonObject> CreateAsync(string ns, string name, JsonObject request, CancellationToken cancellationToken)
    {
        var meta = request["metadata"] as JsonObject ?? new JsonObject();
        if (Meta.GetString(meta, "name") is { Length: > 0 } bodyName && bodyName != name)
        {
            throw ApiException.Invalid(Group, Kind, name, [FieldError.Invalid("metadata.name", bodyName, "must match the service account name if specified")]);
        }

        if (Meta.GetString(meta, "namespace") is { Length: > 0 } bodyNamespace && bodyNamespace != ns)
        {
            throw ApiException.Invalid(Group, Kind, name, [FieldError.Invalid("metadata.namespace", bodyNamespace, "must match the service account namespace if specified")]);
        }

        var serviceAccount = await catalog.Get("", "serviceaccounts").GetAsync(ns, name, cancellationToken).ConfigureAwait(false);
        var account = new ServiceAccountRef(ns, name, Meta.Uid(serviceAccount));

        var spec = request["spec"] as JsonObject ?? new JsonObject();
        if (spec["audiences"] is not JsonArray { Count: > 0 })
        {
            spec["audiences"] = new JsonArray(issuer.ApiAudiences.Select(a => (JsonNode?)a).ToArray());
        }

        var audiences = ((JsonArray)spec["audiences"]!).Select(Meta.String).OfType<string>().ToList();
        if (spec["expirationSeconds"] is null)
        {
            spec["expirationSeconds"] = DefaultExpirationSeconds;
        }

        var expirationSeconds = Meta.Long(spec["expirationSeconds"])
            ?? throw ApiException.BadRequest("TokenRequest in version \"v1\" cannot be handled as a TokenRequest: spec.expirationSeconds must be an integer");
        var now = time.GetUtcNow();
        meta["name"] = name;
        meta["namespace"] = ns;
        if (Meta.GetString(meta, "uid") is not { Length: > 0 })
        {
            meta["uid"] = account.Uid;
        }

        meta["creationTimestamp"] = Meta.FormatTime(now);
        var errors = new List<FieldError>();
        if (expirationSeconds < MinExpirationSeconds)
        {
            errors.Add(FieldError.Invalid("spec.expirationSeconds", expirationSeconds, "may not specify a duration less than 10 minutes"));
        }

        if (expirationSeconds > 1L << 32)
        {
            errors.Add(FieldError.Invalid("spec.expirationSeconds", expirationSeconds, "may not specify a duration larger than 2^32 seconds"));
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(Group, Kind, "", errors);
        }

        var (pod, secret, node) = spec["boundObjectRef"] is JsonObject boundRef
            ? await ResolveBindingAsync(ns, name, boundRef, cancellationToken).ConfigureAwait(false)
            : (null, null, null);

        // Upstream's safe rollout of bound tokens: the kubelet's 3607s pod tokens for the API really live a year, and only warn after 3607s.
        long warnAfter = 0;
        var lifetime = expirationSeconds;
        if (ExtendExpiration && pod is not null && expirationSeconds == ServiceAccountTokenIssuer.WarnOnlyBoundTokenExpirationSeconds
            && issuer.AreApiAudiences(audiences))
        {
            warnAfter = expirationSeconds;
            lifetime = ServiceAccountTokenIssuer.ExpirationExtensionSeconds;
        }

        var token = issuer.Issue(account, audiences, now, lifetime, warnAfter, pod, secret, node);
        return new JsonObject
        {
            ["kind"] = Kind,
            ["apiVersion"] = Group + "/v1",
            ["metadata"] = meta.DeepClone(),
            ["spec"] = spec.DeepClone(),
            ["status"] = new JsonObject
            {
                ["token"] = token,
                ["expirationTimestamp"] = Meta.FormatTime(now + TimeSpan.FromSeconds(expirationSeconds)),
            },
        };
    }

    private async Task<(BoundObject? Pod, BoundObject? Secret, BoundObject? Node)> ResolveBindingAsync(string ns, string serviceAccount, JsonObject boundRef,
        CancellationToken cancellationToken)
    {
        var apiVersion = Meta.GetString(boundRef, "apiVersion") ?? "";
        var kind = Meta.GetString(boundRef, "kind") ?? "";
        var refName = Meta.GetString(boundRef, "name") ?? "";
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        BoundObject? pod = null, secret = null, node = null;
        string uid;
        switch (group, kind)
        {
            case ("", "Pod"):
                {
                    var podObject = await catalog.Get("", "pods").GetAsync(ns, refName, cancellationToken).ConfigureAwait(false);
                    if (Meta.GetString(podObject["spec"] as JsonObject, "serviceAccountName") != serviceAccount)
                    {
                        throw ApiException.BadRequest($"cannot bind token for serviceaccount \"{serviceAccount}\" to pod running with different serviceaccount name.");
                    }

                    uid = Meta.Uid(podObject);
                    pod = new BoundObject(refName, uid);
                    if (Meta.GetString(podObject["spec"] as JsonObject, "nodeName") is { Length: > 0 } nodeName)
                    {
                        // A missing node still leaves its name in the claims, as upstream does.
                        var nodeObject = await catalog.Get("", "nodes").TryGetAsync("", nodeName, cancellationToken).ConfigureAwait(false);
                        node = new BoundObject(nodeName, nodeObject is null ? "" : Meta.Uid(nodeObject));
                    }

                    break;
                }

            case ("", "Node"):
                uid = Meta.Uid(await catalog.Get("", "nodes").GetAsync("", refName, cancellationToken).ConfigureAwait(false));
                node = new BoundObject(refName, uid);
                break;
            case ("", "Secret"):
                uid = Meta.Uid(await catalog.Get("", "secrets").GetAsync(ns, refName, cancellationToken).ConfigureAwait(false));
                secret = new BoundObject(refName, uid);
                break;
            default:
                throw ApiException.BadRequest($"cannot bind token to object of type {group}/{version}, Kind={kind}");
        }

        if (Meta.GetString(boundRef, "uid") is { Length: > 0 } wanted && wanted != uid)
        {
            throw ApiException.Conflict(group, kind, refName,
                $"the UID in the bound object reference ({wanted}) does not match the UID in record. The object might have been deleted and then recreated");
        }

        return (pod, secret, node);
    }
}
