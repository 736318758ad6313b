using System.Buffers.Text;
using System.Net;
using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Auth.ServiceAccounts;

namespace KubeSharp.ApiServer.Tests.ServiceAccounts;

/// <summary>serviceaccounts/token and the service-account token authenticator, against a real API server.</summary>
public sealed class TokenRequestTests(ServiceAccountServerFixture api) : IClassFixture<ServiceAccountServerFixture>
{
    private static JsonObject Payload(string token) => (JsonObject)JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!;

    private static JsonObject Header(string token) => (JsonObject)JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[0]))!;

    private static string Pod(string name, string serviceAccount) =>
        $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{"serviceAccountName":"{{{serviceAccount}}}","containers":[{"name":"c","image":"busybox"}]}}""";

    private async Task<(string Token, JsonNode Response)> TokenAsync(string ns, string account, string body = "{}")
    {
        var response = await api.OkAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts/{account}/token", body);
        return (response["status"]!["token"]!.GetValue<string>(), response);
    }

    private ServiceAccountTokenIssuer ServerKeyIssuer() => new(
        ServiceAccountKey.LoadOrCreate(Path.Combine(api.DataDir, "server", "tls", ServiceAccountKey.FileName)),
        ServiceAccountTokenIssuer.DefaultIssuer, ServiceAccountTokenIssuer.DefaultAudiences);

    [Fact]
    public async Task CreateToken_Defaults_ReturnsTokenWithUpstreamClaims()
    {
        await api.NamespaceWithAccountsAsync("tok-happy", "robot");
        var account = await api.OkAsync(HttpMethod.Get, "/api/v1/namespaces/tok-happy/serviceaccounts/robot");
        var uid = account["metadata"]!["uid"]!.GetValue<string>();

        var (token, response) = await TokenAsync("tok-happy", "robot");

        Assert.Equal("TokenRequest", response["kind"]!.GetValue<string>());
        Assert.Equal("authentication.k8s.io/v1", response["apiVersion"]!.GetValue<string>());
        Assert.Equal(3600, response["spec"]!["expirationSeconds"]!.GetValue<long>());
        Assert.Equal(["https://kubernetes.default.svc.cluster.local", "k3s"], response["spec"]!["audiences"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(uid, response["metadata"]!["uid"]!.GetValue<string>());
        var header = Header(token);
        Assert.Equal("RS256", header["alg"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(header["kid"]!.GetValue<string>()));
        var claims = Payload(token);
        Assert.Equal(["aud", "exp", "iat", "iss", "jti", "kubernetes.io", "nbf", "sub"], claims.Select(p => p.Key));
        Assert.Equal("https://kubernetes.default.svc.cluster.local", claims["iss"]!.GetValue<string>());
        Assert.Equal("system:serviceaccount:tok-happy:robot", claims["sub"]!.GetValue<string>());
        Assert.Equal(3600, claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>());
        Assert.Equal(claims["iat"]!.GetValue<long>(), claims["nbf"]!.GetValue<long>());
        Assert.True(Guid.TryParse(claims["jti"]!.GetValue<string>(), out _));
        Assert.Equal(
            $$$"""{"namespace":"tok-happy","serviceaccount":{"name":"robot","uid":"{{{uid}}}"}}""",
            claims["kubernetes.io"]!.ToJsonString());
        var expires = DateTimeOffset.Parse(response["status"]!["expirationTimestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(claims["exp"]!.GetValue<long>(), expires.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task CreateToken_ShortExpiration_Returns422()
    {
        await api.NamespaceWithAccountsAsync("tok-short", "robot");

        var (status, body) = await api.CallAsync(HttpMethod.Post, "/api/v1/namespaces/tok-short/serviceaccounts/robot/token",
            """{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"expirationSeconds":60}}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(
            "TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes",
            body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateToken_MissingServiceAccount_Returns404()
    {
        var (status, body) = await api.CallAsync(HttpMethod.Post, "/api/v1/namespaces/default/serviceaccounts/nobody/token", "{}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("serviceaccounts \"nobody\" not found", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateToken_BoundToPod_CarriesPodAndExtendsKubeletTokens()
    {
        await api.NamespaceWithAccountsAsync("tok-pod", "robot", "other");
        var pod = await api.OkAsync(HttpMethod.Post, "/api/v1/namespaces/tok-pod/pods", Pod("p", "robot"));
        var podUid = pod["metadata"]!["uid"]!.GetValue<string>();

        var (token, response) = await TokenAsync("tok-pod", "robot",
            $$$$"""{"spec":{"expirationSeconds":3607,"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"p","uid":"{{{{podUid}}}}"}}}""");
        var (wrongUid, wrongUidBody) = await api.CallAsync(HttpMethod.Post, "/api/v1/namespaces/tok-pod/serviceaccounts/robot/token",
            """{"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"p","uid":"0000"}}}""");
        var (wrongAccount, wrongAccountBody) = await api.CallAsync(HttpMethod.Post, "/api/v1/namespaces/tok-pod/serviceaccounts/other/token",
            """{"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"p"}}}""");
        var (badKind, badKindBody) = await api.CallAsync(HttpMethod.Post, "/api/v1/namespaces/tok-pod/serviceaccounts/robot/token",
            """{"spec":{"boundObjectRef":{"kind":"ConfigMap","apiVersion":"v1","name":"p"}}}""");

        var claims = Payload(token);
        Assert.Equal(podUid, claims["kubernetes.io"]!["pod"]!["uid"]!.GetValue<string>());
        Assert.Equal(365L * 24 * 3600, claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>());
        Assert.Equal(3607, claims["kubernetes.io"]!["warnafter"]!.GetValue<long>() - claims["iat"]!.GetValue<long>());
        var expires = DateTimeOffset.Parse(response["status"]!["expirationTimestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(claims["iat"]!.GetValue<long>() + 3607, expires.ToUnixTimeSeconds());
        Assert.Equal(HttpStatusCode.Conflict, wrongUid);
        Assert.Equal("Operation cannot be fulfilled on Pod \"p\": the UID in the bound object reference (0000) does not match the UID in record. The object might have been deleted and then recreated",
            wrongUidBody!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, wrongAccount);
        Assert.Equal("cannot bind token for serviceaccount \"other\" to pod running with different serviceaccount name.", wrongAccountBody!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, badKind);
        Assert.Equal("cannot bind token to object of type /v1, Kind=ConfigMap", badKindBody!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task BearerToken_Valid_AuthenticatesAsServiceAccount()
    {
        await api.NamespaceWithAccountsAsync("tok-auth", "robot");
        var (token, _) = await TokenAsync("tok-auth", "robot");

        var review = await api.CallAsync(HttpMethod.Post, "/apis/authentication.k8s.io/v1/selfsubjectreviews",
            """{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}""", bearer: token);
        var (getStatus, _) = await api.CallAsync(HttpMethod.Get, "/api/v1/namespaces/tok-auth/configmaps", bearer: token);

        Assert.Equal(HttpStatusCode.Created, review.Status);
        var user = review.Body!["status"]!["userInfo"]!;
        Assert.Equal("system:serviceaccount:tok-auth:robot", user["username"]!.GetValue<string>());
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:tok-auth", "system:authenticated"],
            user["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, getStatus);
    }

    [Fact]
    public async Task BearerToken_ExpiredForgedOrForeign_Returns401()
    {
        await api.NamespaceWithAccountsAsync("tok-bad", "robot");
        var account = await api.OkAsync(HttpMethod.Get, "/api/v1/namespaces/tok-bad/serviceaccounts/robot");
        var reference = new ServiceAccountRef("tok-bad", "robot", account["metadata"]!["uid"]!.GetValue<string>());
        var issuer = ServerKeyIssuer();
        var now = DateTimeOffset.UtcNow;
        var expired = issuer.Issue(reference, issuer.ApiAudiences, now.AddHours(-2), 600);
        var valid = issuer.Issue(reference, issuer.ApiAudiences, now, 600);
        var forged = new ServiceAccountTokenIssuer(ServiceAccountKey.CreateEphemeral(), issuer.Issuer, issuer.ApiAudiences)
            .Issue(reference, issuer.ApiAudiences, now, 600);
        var otherAudience = issuer.Issue(reference, ["vault"], now, 600);
        var parts = valid.Split('.');
        var tampered = parts[0] + "." + Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(
            Payload(valid).ToJsonString().Replace("robot", "admin", StringComparison.Ordinal))) + "." + parts[2];

        foreach (var token in new[] { expired, forged, otherAudience, tampered, "not.a.jwt" })
        {
            var (status, _) = await api.CallAsync(HttpMethod.Get, "/api/v1/namespaces/tok-bad/configmaps", bearer: token);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
        }

        Assert.Equal(HttpStatusCode.OK, (await api.CallAsync(HttpMethod.Get, "/api/v1/namespaces/tok-bad/configmaps", bearer: valid)).Status);
    }

    [Fact]
    public async Task BearerToken_ServiceAccountDeletedOrRecreated_Returns401()
    {
        await api.NamespaceWithAccountsAsync("tok-gone", "robot");
        var (token, _) = await TokenAsync("tok-gone", "robot");
        Assert.Equal(HttpStatusCode.OK, (await api.CallAsync(HttpMethod.Get, "/api/v1/namespaces/tok-gone/configmaps", bearer: token)).Status);

        await api.OkAsync(HttpMethod.Delete, "/api/v1/namespaces/tok-gone/serviceaccounts/robot");
        var (deleted, _) = await api.CallAsync(HttpMethod.Get, "/api/v1/namespaces/tok-gone/configmaps", bearer: token);
        await api.OkAsync(HttpMethod.Post, "/api/v1/namespaces/tok-gone/serviceaccounts",
            """{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"robot"}}""");
        var (recreated, _) = await api.CallAsync(HttpMethod.Get, "/api/v1/namespaces/tok-gone/configmaps", bearer: token);

        Assert.Equal(HttpStatusCode.Unauthorized, deleted);
        Assert.Equal(HttpStatusCode.Unauthorized, recreated);
    }

    [Fact]
    public async Task BearerToken_BoundPodDeleted_Returns401()
    {
        await api.NamespaceWithAccountsAsync("tok-podgone", "robot");
        await api.OkAsync(HttpMethod.Post, "/api/v1/namespaces/tok-podgone/pods", Pod("p", "robot"));
        var (token, _) = await TokenAsync("tok-podgone", "robot", """{"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"p"}}}""");
        Assert.Equal(HttpStatusCode.OK, (await api.CallAsync(HttpMethod.Get, "/api/v1/namespaces/tok-podgone/configmaps", bearer: token)).Status);

        await api.OkAsync(HttpMethod.Delete, "/api/v1/namespaces/tok-podgone/pods/p?gracePeriodSeconds=0");
        var (status, _) = await api.CallAsync(HttpMethod.Get, "/api/v1/namespaces/tok-podgone/configmaps", bearer: token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }
}
