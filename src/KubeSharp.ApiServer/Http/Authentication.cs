using System.Security.Cryptography.X509Certificates;
using KubeSharp.ApiServer.Auth;
using KubeSharp.ApiServer.Auth.ServiceAccounts;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Http;

/// <summary>Who a request is from: a client certificate signed by the client CA, else a bearer token (static, then service account), else nobody.</summary>
internal sealed class Authentication(ClientCertificateAuthenticator certificates, TokenAuthenticator tokens, TimeProvider time,
    ServiceAccountTokenAuthenticator? serviceAccountTokens = null)
{
    public TokenAuthenticator Tokens { get; } = tokens;

    public async Task<UserInfo?> AuthenticateAsync(HttpContext context)
    {
        // A TLS connection's client certificate cannot change, so its chain is verified once per connection (building an
        // X509 chain on every request was the largest cost of a small request); the verdict lapses with the certificate.
        var connection = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (connection?.TryGetValue(typeof(CertificateVerdict), out var cached) == true && cached is CertificateVerdict verdict
            && time.GetUtcNow() < verdict.NotAfter)
        {
            return verdict.User ?? await BearerAsync(context).ConfigureAwait(false);
        }

        X509Certificate2? cert = context.Connection.ClientCertificate
            ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted).ConfigureAwait(false);
        var user = certificates.Authenticate(cert);
        if (connection is not null)
        {
            connection[typeof(CertificateVerdict)] = new CertificateVerdict(user, user is null || cert is null ? DateTimeOffset.MaxValue : cert.NotAfter);
        }

        return user ?? await BearerAsync(context).ConfigureAwait(false);
    }

    private async Task<UserInfo?> BearerAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return Tokens.Authenticate(header) ?? (serviceAccountTokens is null ? null
            : await serviceAccountTokens.AuthenticateAsync(header, context.RequestAborted).ConfigureAwait(false));
    }

    private sealed record CertificateVerdict(UserInfo? User, DateTimeOffset NotAfter);
}
