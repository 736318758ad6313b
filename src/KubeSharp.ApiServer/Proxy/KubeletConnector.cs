using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Objects;
using KubeSharp.ApiServer.Auth;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>
/// Connections from the API server to kubelets (upstream's KubeletClientConfig): HTTPS to the node's address and
/// status.daemonEndpoints.kubeletEndpoint.Port, presenting a client certificate from the cluster's client CA, and, as
/// upstream without --kubelet-certificate-authority, not verifying the kubelet's self-signed serving certificate.
/// </summary>
internal sealed class KubeletConnector(ClusterPki pki, TimeProvider time) : IDisposable
{
    /// <summary>The user the kubelet sees; upstream's kubeadm names the API server's kubelet client so.</summary>
    public const string ClientUser = "kube-apiserver-kubelet-client";

    private static readonly TimeSpan CertificateValidity = TimeSpan.FromDays(365);
    private static readonly string[] AddressPreference = ["InternalIP", "Hostname", "InternalDNS", "ExternalIP", "ExternalDNS"];

    private readonly Lock _lock = new();
    private X509Certificate2? _certificate;
    private HttpClient? _http;

    /// <summary>Where the node's kubelet listens: its preferred address and kubelet port (10250 when unset).</summary>
    public static (string Host, int Port) EndpointOf(JsonObject node)
    {
        var status = node["status"] as JsonObject;
        var addresses = (status?["addresses"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var host = AddressPreference
            .Select(type => addresses.FirstOrDefault(a => Meta.GetString(a, "type") == type))
            .Select(a => Meta.GetString(a, "address"))
            .FirstOrDefault(a => !string.IsNullOrEmpty(a))
            ?? throw ApiException.BadRequest("no preferred addresses found; known addresses: ["
                + string.Join(" ", addresses.Select(a => "{" + Meta.GetString(a, "type") + " " + Meta.GetString(a, "address") + "}")) + "]");
        var port = Meta.GetLong((status?["daemonEndpoints"] as JsonObject)?["kubeletEndpoint"] as JsonObject, "Port") ?? 0;
        return (host, port > 0 ? (int)port : 10250);
    }

    /// <summary>An HTTP client for plain requests to kubelets (logs, node proxy).</summary>
    public HttpClient Http
    {
        get
        {
            lock (_lock)
            {
                var certificate = Certificate();
                if (_http is null || !ReferenceEquals(certificate, _certificate))
                {
                    var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
                    handler.SslOptions = SslOptions("");
                    _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
                }

                return _http;
            }
        }
    }

    /// <summary>A raw TLS connection to a kubelet, for relaying upgraded (SPDY, websocket) streams.</summary>
    public async Task<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            SslClientAuthenticationOptions options;
            lock (_lock)
            {
                options = SslOptions(host);
            }

            await tls.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _http?.Dispose();
        _certificate?.Dispose();
    }

    private SslClientAuthenticationOptions SslOptions(string host) => new()
    {
        TargetHost = host,
        ClientCertificates = [Certificate()],
        // Kubelets serve self-signed certificates by default; upstream skips verification unless a kubelet CA is configured.
        RemoteCertificateValidationCallback = (_, _, _, _) => true,
        ApplicationProtocols = [SslApplicationProtocol.Http11],
    };

    private X509Certificate2 Certificate()
    {
        var now = time.GetUtcNow();
        if (_certificate is null || _certificate.NotAfter.ToUniversalTime() - now.UtcDateTime < TimeSpan.FromDays(30))
        {
            var (certPem, keyPem) = pki.IssueClientCertificate(ClientUser, ["system:masters"], CertificateValidity);
            using var loaded = X509Certificate2.CreateFromPem(certPem, keyPem);
            // Through PKCS#12 so that TLS on every platform can use the in-memory key.
            _certificate = X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
            _http = null;
        }

        return _certificate;
    }
}
