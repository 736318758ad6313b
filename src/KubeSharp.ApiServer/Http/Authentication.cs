using System.Security.Cryptography.X509Certificates;
using KubeSharp.ApiServer.Auth;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Http;

/// <summary>Who a request is from: a client certificate signed by the client CA, else a bearer token, else nobody.</summary>
internal sealed class Authentication(ClientCertificateAuthenticator certificates, TokenAuthenticator tokens)
{
    public TokenAuthenticator Tokens { get; } = tokens;

    public async Task<UserInfo?> AuthenticateAsync(HttpContext context)
    {
        X509Certificate2? cert = context.Connection.ClientCertificate
            ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted).ConfigureAwait(false);
        if (certificates.Authenticate(cert) is { } user)
        {
            return user;
        }

        return Tokens.Authenticate(context.Request.Headers.Authorization.ToString());
    }
}
