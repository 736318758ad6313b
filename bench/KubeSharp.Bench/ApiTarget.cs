using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace KubeSharp.Bench;

/// <summary>
/// The API server driven over HTTPS as a client would: ConfigMaps as JSON, one namespace per object set, several
/// connections (HTTP/2 multiplexed on a few, or HTTP/1.1 with one per request in flight).
/// </summary>
internal sealed class ApiTarget : IBenchTarget, IDisposable
{
    private const int Http2Connections = 4;
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly string Payload = new('x', Workload.PayloadBytes);

    private readonly HttpClient[] _clients;
    private readonly string _namespacePrefix;
    private readonly ConcurrentDictionary<(string Set, int Index), string> _revisions = new();
    private int _next;

    private ApiTarget(HttpClient[] clients, string namespacePrefix)
    {
        _clients = clients;
        _namespacePrefix = namespacePrefix;
    }

    public string Protocol => _clients[0].DefaultRequestVersion.Major == 2 ? $"HTTP/2 over {_clients.Length} connections" : "HTTP/1.1 pool";

    /// <summary>Connects to <paramref name="server"/> with the admin certificate and creates a fresh namespace per object set.</summary>
    public static async Task<ApiTarget> ConnectAsync(Uri server, string caPem, string certPem, string keyPem, bool http1, CancellationToken cancellationToken)
    {
        var ca = X509Certificate2.CreateFromPem(caPem);
        using var pemCert = X509Certificate2.CreateFromPem(certPem, keyPem);
        // SslStream needs the key in a form the platform can use for client authentication, hence the PKCS#12 round trip.
        var admin = X509CertificateLoader.LoadPkcs12(pemCert.Export(X509ContentType.Pkcs12), null);
        var clients = Enumerable.Range(0, http1 ? 1 : Http2Connections).Select(_ => new HttpClient(Handler(ca, admin, http1))
        {
            BaseAddress = server,
            DefaultRequestVersion = http1 ? HttpVersion.Version11 : HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        }).ToArray();
        var target = new ApiTarget(clients, $"bench-{Guid.NewGuid().ToString("N")[..6]}-");
        foreach (var set in Workload.Sets)
        {
            await target.SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{target.Namespace(set)}}}"}}""",
                cancellationToken);
        }

        return target;
    }

    public async Task CreateAsync(string set, int index, CancellationToken cancellationToken)
    {
        _revisions[(set, index)] = ResourceVersion(await SendAsync(HttpMethod.Post, $"{Collection(set)}", ConfigMapJson(Name(index), null), cancellationToken));
    }

    public async Task GetAsync(string set, int index, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Get, $"{Collection(set)}/{Name(index)}", null, cancellationToken);

    public async Task UpdateAsync(string set, int index, CancellationToken cancellationToken)
    {
        var body = ConfigMapJson(Name(index), _revisions[(set, index)]);
        _revisions[(set, index)] = ResourceVersion(await SendAsync(HttpMethod.Put, $"{Collection(set)}/{Name(index)}", body, cancellationToken));
    }

    public async Task<int> ListAsync(string set, int pageSize, CancellationToken cancellationToken)
    {
        var count = 0;
        string? continueToken = null;
        do
        {
            var query = pageSize == 0 ? "" : $"?limit={pageSize}" + (continueToken is null ? "" : "&continue=" + Uri.EscapeDataString(continueToken));
            using var list = JsonDocument.Parse(await SendAsync(HttpMethod.Get, Collection(set) + query, null, cancellationToken));
            count += list.RootElement.GetProperty("items").GetArrayLength();
            continueToken = list.RootElement.GetProperty("metadata").TryGetProperty("continue", out var c) ? c.GetString() : null;
        }
        while (!string.IsNullOrEmpty(continueToken));

        return count;
    }

    public async Task<Task> WatchAsync(string set, int events, Action onEvent, CancellationToken cancellationToken)
    {
        // Watching from the list's resourceVersion makes every later write reach the watcher, however late the server
        // sets the watch up.
        using var list = JsonDocument.Parse(await SendAsync(HttpMethod.Get, Collection(set) + "?limit=1", null, cancellationToken));
        var from = list.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString();
        return Task.Run(async () =>
        {
            using var request = NewRequest(HttpMethod.Get, $"{Collection(set)}?watch=true&resourceVersion={from}");
            using var response = await NextClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            var seen = 0;
            while (seen < events && await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (!line.StartsWith("{\"type\":\"ADDED\"", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"unexpected watch event: {line[..Math.Min(line.Length, 300)]}");
                }

                onEvent();
                seen++;
            }
        }, cancellationToken);
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private async Task<byte[]> SendAsync(HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        using var request = NewRequest(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = Json;
        }

        using var response = await NextClient().SendAsync(request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        }

        return bytes;
    }

    // HttpClient's default version applies only to requests it builds itself, not to a request message passed in.
    private HttpRequestMessage NewRequest(HttpMethod method, string path) =>
        new(method, path) { Version = _clients[0].DefaultRequestVersion, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

    private HttpClient NextClient() => _clients[(int)((uint)Interlocked.Increment(ref _next) % _clients.Length)];

    private static string ResourceVersion(byte[] json)
    {
        using var obj = JsonDocument.Parse(json);
        return obj.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;
    }

    private string Namespace(string set) => _namespacePrefix + set;

    private string Collection(string set) => $"/api/v1/namespaces/{Namespace(set)}/configmaps";

    public static string Name(int index) => $"cm-{index:D6}";

    /// <summary>The ConfigMap a client sends: a create without, an update with the resourceVersion it last saw.</summary>
    public static string ConfigMapJson(string name, string? resourceVersion) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\""
        + (resourceVersion is null ? "" : ",\"resourceVersion\":\"" + resourceVersion + "\"")
        + "},\"data\":{\"v\":\"" + Payload + "\"}}";

    private static SocketsHttpHandler Handler(X509Certificate2 ca, X509Certificate2 client, bool http1)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = http1 ? 256 : 1,
            EnableMultipleHttp2Connections = false,
        };
        handler.SslOptions.ClientCertificates = [client];
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return cert is not null && chain.Build(new X509Certificate2(cert));
        };
        return handler;
    }
}
