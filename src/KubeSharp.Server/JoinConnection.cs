using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using KubeSharp.Client;

namespace KubeSharp.Server;

/// <summary>
/// k3s' join: fetch the server's CA from /cacerts without trusting it, check it against the hash in a
/// <c>K10&lt;sha256&gt;::server:&lt;secret&gt;</c> token, then talk to the API with that CA and the token as bearer.
/// A token without the hash (a bare secret) trusts the fetched CA as is, as k3s does.
/// </summary>
internal static class JoinConnection
{
    public static async Task<IKubernetes> ConnectAsync(string server, string token, CancellationToken cancellationToken)
    {
        var (uri, caPem) = await VerifiedCaAsync(server, token, cancellationToken).ConfigureAwait(false);
        var ca = new X509Certificate2Collection();
        ca.ImportFromPem(caPem);
        return ClusterConnection.FromConfig(new KubernetesClientConfiguration { Host = uri.ToString().TrimEnd('/'), AccessToken = token, SslCaCerts = ca });
    }

    /// <summary>The node's own client certificate and the cluster's CAs, asked for with the join token (k3s' client-kubelet.crt).</summary>
    public static async Task<NodeCredentials> NodeCredentialsAsync(string server, string token, string nodeName, CancellationToken cancellationToken)
    {
        var (uri, caPem) = await VerifiedCaAsync(server, token, cancellationToken).ConfigureAwait(false);
        using var ca = X509Certificate2.CreateFromPem(caPem);
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(new X509Certificate2(certificate));
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(uri, "/v1-kubesharp/node-credentials?nodeName=" + Uri.EscapeDataString(nodeName)));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var json = System.Text.Json.Nodes.JsonNode.Parse(body);
            if (!response.IsSuccessStatusCode)
            {
                throw new JoinException($"{server} refused node credentials for {nodeName}: {json?["message"]?.GetValue<string>() ?? response.StatusCode.ToString()}");
            }

            return new NodeCredentials(
                json!["certificate"]!.GetValue<string>(), json["key"]!.GetValue<string>(), json["clientCA"]!.GetValue<string>(), json["serverCA"]!.GetValue<string>());
        }
        catch (HttpRequestException e)
        {
            throw new JoinException($"cannot reach {server}: {e.Message}", e);
        }
    }

    /// <summary>Fetches /cacerts without trusting it and checks it against the token's CA hash (when the token has one).</summary>
    private static async Task<(Uri Uri, string CaPem)> VerifiedCaAsync(string server, string token, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new JoinException($"--server must be an https URL, got \"{server}\"");
        }

        string caPem;
        using (var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true })
        using (var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) })
        {
            try
            {
                caPem = await http.GetStringAsync(new Uri(uri, "/cacerts"), cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new JoinException($"cannot reach {server}: {e.Message}", e);
            }
        }

        if (token.StartsWith("K10", StringComparison.Ordinal) && token.IndexOf("::", StringComparison.Ordinal) is var at and > 3)
        {
            var expected = token[3..at];
            var actual = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(caPem)));
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual)))
            {
                throw new JoinException($"the CA of {server} does not match the token's hash: refusing to send the token");
            }
        }

        return (uri, caPem);
    }
}
