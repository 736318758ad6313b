using System.Text.Json.Nodes;
using KubeSharp.Api.Objects;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Auth.ServiceAccounts;

/// <summary>
/// Upstream's service-account token authenticator (pkg/serviceaccount/jwt.go and claims.go): a bearer JWT from our issuer,
/// signed by our key, meant for one of the API audiences and within its lifetime (a minute's leeway), whose service account
/// — and the secret, pod or node it is bound to — still exists with the same uid and was not deleted over a minute ago.
/// </summary>
internal sealed class ServiceAccountTokenAuthenticator(ServiceAccountTokenIssuer issuer, ResourceCatalog catalog, TimeProvider time)
{
    private static readonly TimeSpan Leeway = TimeSpan.FromMinutes(1);

    /// <summary>The service account of an <c>Authorization: Bearer &lt;jwt&gt;</c> header; null when absent, foreign or invalid.</summary>
    public async Task<UserInfo?> AuthenticateAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        var parts = authorizationHeader?.Trim().Split(' ', 3);
        if (parts is not { Length: >= 2 } || !parts[0].Equals("bearer", StringComparison.OrdinalIgnoreCase) || parts[1].Length == 0)
        {
            return null;
        }

        var token = parts[1];
        if (JsonWebToken.Decode(token) is not var (header, claims)
            || Meta.String(claims["iss"]) != issuer.Issuer
            || !JsonWebToken.Verify(token, header, issuer.Key)
            || !Audiences(claims["aud"]).Any(issuer.ApiAudiences.Contains)
            || !WithinLifetime(claims))
        {
            return null;
        }

        var kubernetes = claims["kubernetes.io"] as JsonObject;
        var ns = Meta.GetString(kubernetes, "namespace") ?? "";
        var account = kubernetes?["serviceaccount"] as JsonObject;
        var name = Meta.GetString(account, "name") ?? "";
        var uid = Meta.GetString(account, "uid") ?? "";
        if (ns.Length == 0 || name.Length == 0)
        {
            return null;
        }

        var deletedBefore = time.GetUtcNow() - Leeway;
        if (!await StillBoundAsync("serviceaccounts", ns, account, deletedBefore, cancellationToken).ConfigureAwait(false)
            || !await StillBoundAsync("secrets", ns, kubernetes!["secret"] as JsonObject, deletedBefore, cancellationToken).ConfigureAwait(false)
            || !await StillBoundAsync("pods", ns, kubernetes["pod"] as JsonObject, deletedBefore, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        // A node claim beside a pod is information only; a token bound to a node alone needs the node.
        if (kubernetes["pod"] is null
            && !await StillBoundAsync("nodes", "", kubernetes["node"] as JsonObject, deletedBefore, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return ServiceAccountUsers.User(ns, name, uid);
    }

    private bool WithinLifetime(JsonObject claims)
    {
        var now = time.GetUtcNow();
        return !(Seconds(claims["exp"]) is { } exp && now - Leeway > exp)
            && !(Seconds(claims["nbf"]) is { } nbf && now + Leeway < nbf)
            && !(Seconds(claims["iat"]) is { } iat && now + Leeway < iat);
    }

    /// <summary>True when the claim is absent, or names a live object with the claimed uid.</summary>
    private async Task<bool> StillBoundAsync(string plural, string ns, JsonObject? claim, DateTimeOffset deletedBefore, CancellationToken cancellationToken)
    {
        if (claim is null)
        {
            return true;
        }

        var name = Meta.GetString(claim, "name") ?? "";
        if (name.Length == 0)
        {
            return false;
        }

        var obj = await catalog.Get("", plural).TryGetAsync(ns, name, cancellationToken).ConfigureAwait(false);
        if (obj is null || Meta.Uid(obj) != (Meta.GetString(claim, "uid") ?? ""))
        {
            return false;
        }

        var deleted = Meta.ParseTime(Meta.GetString(obj["metadata"] as JsonObject, "deletionTimestamp"));
        return deleted is null || deleted >= deletedBefore;
    }

    private static DateTimeOffset? Seconds(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue(out double seconds) ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)) : null;

    private static IEnumerable<string> Audiences(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue(out string? one) => [one],
        JsonArray many => many.Select(Meta.String).OfType<string>(),
        _ => [],
    };
}
