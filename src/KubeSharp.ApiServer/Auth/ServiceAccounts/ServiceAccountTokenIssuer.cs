using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Auth.ServiceAccounts;

/// <summary>
/// Issues service-account JWTs with upstream's claims (pkg/serviceaccount/claims.go). The issuer and API audiences are
/// k3s' defaults: <c>https://kubernetes.default.svc.cluster.local</c>, and the audiences that plus <c>k3s</c>.
/// </summary>
internal sealed class ServiceAccountTokenIssuer(ServiceAccountKey key, string issuer, IReadOnlyList<string> apiAudiences)
{
    public const string DefaultIssuer = "https://kubernetes.default.svc.cluster.local";

    /// <summary>The expiry the ServiceAccount admission plugin asks for; such pod-bound tokens are extended (upstream's safe rollout).</summary>
    public const long WarnOnlyBoundTokenExpirationSeconds = 60 * 60 + 7;

    /// <summary>How long an extended token really lives: a year.</summary>
    public const long ExpirationExtensionSeconds = 24 * 365 * 60 * 60;

    public static readonly IReadOnlyList<string> DefaultAudiences = [DefaultIssuer, "k3s"];

    public ServiceAccountKey Key { get; } = key;

    public string Issuer { get; } = issuer;

    /// <summary>The audiences tokens must carry to be accepted by this API server; the default of a TokenRequest.</summary>
    public IReadOnlyList<string> ApiAudiences { get; } = apiAudiences;

    public string Issue(ServiceAccountRef serviceAccount, IReadOnlyList<string> audiences, DateTimeOffset now, long expirationSeconds,
        long warnAfterSeconds = 0, BoundObject? pod = null, BoundObject? secret = null, BoundObject? node = null)
    {
        // Keys in the order upstream's encoder writes them (sorted), so tokens look alike byte for byte in shape.
        var kubernetes = new JsonObject { ["namespace"] = serviceAccount.Namespace };
        if (node is not null)
        {
            kubernetes["node"] = Ref(node);
        }

        if (pod is not null)
        {
            kubernetes["pod"] = Ref(pod);
        }

        if (secret is not null)
        {
            kubernetes["secret"] = Ref(secret);
        }

        kubernetes["serviceaccount"] = Ref(new BoundObject(serviceAccount.Name, serviceAccount.Uid));
        if (warnAfterSeconds != 0)
        {
            kubernetes["warnafter"] = (now + TimeSpan.FromSeconds(warnAfterSeconds)).ToUnixTimeSeconds();
        }

        var issuedAt = now.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["aud"] = new JsonArray(audiences.Select(a => (JsonNode?)a).ToArray()),
            ["exp"] = (now + TimeSpan.FromSeconds(expirationSeconds)).ToUnixTimeSeconds(),
            ["iat"] = issuedAt,
            ["iss"] = Issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = kubernetes,
            ["nbf"] = issuedAt,
            ["sub"] = ServiceAccountUsers.UserName(serviceAccount.Namespace, serviceAccount.Name),
        };
        return JsonWebToken.Sign(claims, Key);
    }

    /// <summary>Whether every audience is one of the API server's (upstream's isKubeAudiences).</summary>
    public bool AreApiAudiences(IEnumerable<string> audiences) => audiences.All(ApiAudiences.Contains);

    private static JsonObject Ref(BoundObject bound)
    {
        var obj = new JsonObject();
        if (bound.Name.Length > 0)
        {
            obj["name"] = bound.Name;
        }

        if (bound.Uid.Length > 0)
        {
            obj["uid"] = bound.Uid;
        }

        return obj;
    }
}
