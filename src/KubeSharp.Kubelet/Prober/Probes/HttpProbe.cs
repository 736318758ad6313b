using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using k8s.Models;

namespace KubeSharp.Kubelet.Prober.Probes;

/// <summary>
/// HTTP GET probes (upstream's pkg/probe/http): 200–399 is success; redirects on the same host are followed (at most 10),
/// a redirect to another host ends the probe with a warning (which counts as success); certificates are not checked.
/// </summary>
internal sealed class HttpProbe : IDisposable
{
    public const string UserAgent = "kube-probe/1.33";

    private const int MaxRedirects = 10;
    private const int MaxBodyBytes = 10 * 1024;

    private readonly TimeProvider timeProvider;
    private readonly HttpMessageInvoker client;

    public HttpProbe(TimeProvider timeProvider)
    {
        this.timeProvider = timeProvider;
        client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = { RemoteCertificateValidationCallback = static (_, _, _, _) => true },
        });
    }

    public async Task<ProbeOutcome> ProbeAsync(V1HTTPGetAction action, string host, int port, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var url = BuildUrl(action, host, port);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds), timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var current = url;
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var response = await client.SendAsync(BuildRequest(action, current), linked.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (string.Equals(next.Host, url.Host, StringComparison.OrdinalIgnoreCase))
                    {
                        if (redirects + 1 >= MaxRedirects)
                        {
                            return ProbeOutcome.Failure($"Get \"{next}\": stopped after {MaxRedirects} redirects");
                        }

                        current = next;
                        continue;
                    }
                }

                var body = await ReadBodyAsync(response, linked.Token).ConfigureAwait(false);
                if (status is >= 200 and < 400)
                {
                    return status >= 300
                        ? ProbeOutcome.Warning($"Probe terminated redirects, Response body: {body}")
                        : ProbeOutcome.Success(body);
                }

                // As upstream, the body is kept out of the user-facing message.
                return ProbeOutcome.Failure($"HTTP probe failed with statuscode: {status}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Failure($"Get \"{current}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException socket)
        {
            return ProbeOutcome.Failure($"Get \"{current}\": dial tcp {TcpProbe.HostPort(current.Host.Trim('[', ']'), current.Port)}: {TcpProbe.DialError(socket)}");
        }
        catch (HttpRequestException ex)
        {
            return ProbeOutcome.Failure($"Get \"{current}\": {ex.Message}");
        }
    }

    public void Dispose() => client.Dispose();

    public static Uri BuildUrl(V1HTTPGetAction action, string host, int port)
    {
        var scheme = string.IsNullOrEmpty(action.Scheme) ? "http" : action.Scheme.ToLowerInvariant();
        var path = action.Path ?? string.Empty;
        if (!path.StartsWith('/'))
        {
            path = "/" + path;
        }

        var authority = TcpProbe.HostPort(host, port);
        return new Uri($"{scheme}://{authority}{path}");
    }

    private static HttpRequestMessage BuildRequest(V1HTTPGetAction action, Uri url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = HttpVersion.Version11 };
        request.Headers.ConnectionClose = true;
        var hasUserAgent = false;
        var hasAccept = false;
        foreach (var header in action.HttpHeaders ?? [])
        {
            if (string.Equals(header.Name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                if (!string.IsNullOrEmpty(header.Value))
                {
                    request.Headers.Host = header.Value;
                }

                continue;
            }

            hasUserAgent |= string.Equals(header.Name, "User-Agent", StringComparison.OrdinalIgnoreCase);
            hasAccept |= string.Equals(header.Name, "Accept", StringComparison.OrdinalIgnoreCase);
            if (string.Equals(header.Name, "Accept", StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(header.Value))
            {
                // An explicitly empty Accept removes the default, as upstream.
                continue;
            }

            request.Headers.TryAddWithoutValidation(header.Name, header.Value ?? string.Empty);
        }

        if (!hasUserAgent)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        }

        if (!hasAccept)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        }

        return request;
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxBodyBytes];
            var total = 0;
            while (total < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, total);
        }
    }
}
