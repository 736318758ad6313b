using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace KubeSharp.Api.HttpStream;

/// <summary>
/// Relays an HTTP/1.1 upgrade request (SPDY/3.1 or websocket) to a backend and, once the backend switches protocols,
/// the raw bytes both ways, as apimachinery's UpgradeAwareHandler does: the backend's 101 headers (the negotiated
/// X-Stream-Protocol-Version or Sec-WebSocket-Protocol) reach the client unchanged; a refusal is relayed as a response.
/// </summary>
public static class UpgradeTunnel
{
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Authorization", "Content-Length", "Transfer-Encoding", "Proxy-Authorization",
    };

    private static readonly HashSet<string> NotCopiedBack = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Content-Length", "Transfer-Encoding", "Date", "Server", "Keep-Alive",
    };

    public static async Task ProxyAsync(HttpContext context, Stream backend, string authority, string pathAndQuery, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{context.Request.Method} {pathAndQuery} HTTP/1.1\r\nHost: {authority}\r\n");
        foreach (var (name, values) in context.Request.Headers)
        {
            if (NotForwarded.Contains(name) || name.StartsWith(':'))
            {
                continue;
            }

            foreach (var value in values)
            {
                head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            }
        }

        head.Append("\r\n");
        await backend.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);
        await backend.FlushAsync(cancellationToken).ConfigureAwait(false);

        var response = await HttpResponseHead.ReadAsync(backend, cancellationToken).ConfigureAwait(false);
        foreach (var (name, value) in response.Headers)
        {
            if (!NotCopiedBack.Contains(name))
            {
                context.Response.Headers.Append(name, value);
            }
        }

        if (response.Status != 101)
        {
            context.Response.StatusCode = response.Status;
            await response.CopyBodyAsync(backend, context.Response.Body, cancellationToken).ConfigureAwait(false);
            return;
        }

        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is not { IsUpgradableRequest: true })
        {
            context.Response.StatusCode = 400;
            return;
        }

        await using var client = await upgrade.UpgradeAsync().ConfigureAwait(false);
        if (response.Leftover.Length > 0)
        {
            await client.WriteAsync(response.Leftover, cancellationToken).ConfigureAwait(false);
        }

        await PumpAsync(client, backend, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies both ways until either side closes, then stops the other direction.</summary>
    public static async Task PumpAsync(Stream a, Stream b, CancellationToken cancellationToken)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ab = CopyAsync(a, b, done.Token);
        var ba = CopyAsync(b, a, done.Token);
        await Task.WhenAny(ab, ba).ConfigureAwait(false);
        await done.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(ab, ba).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // One side went away; the other is torn down with it.
        }
    }

    private static async Task CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int n;
            while ((n = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                await to.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Closed under us: the connection is over either way.
        }
    }
}
