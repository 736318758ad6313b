using System.Text;
using KubeSharp.Api.HttpStream;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>
/// The SPDY/3.1 upgrade the API server makes to a kubelet itself when it translates a websocket client's stream
/// (upstream's StreamTranslator and tunneling handler dial the kubelet the same way).
/// </summary>
internal static class KubeletSpdyUpgrade
{
    /// <summary>
    /// Asks the kubelet to switch to SPDY/3.1 offering <paramref name="protocols"/> (X-Stream-Protocol-Version). Returns
    /// the 101 head, or null after relaying a refusal to the client as an ordinary response (which a websocket client
    /// takes as an upgrade failure).
    /// </summary>
    public static async Task<HttpResponseHead?> UpgradeAsync(HttpContext context, Stream kubelet, string authority, string path,
        IEnumerable<string> protocols, CancellationToken cancellationToken)
    {
        var head = new StringBuilder($"POST {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n");
        foreach (var protocol in protocols)
        {
            head.Append("X-Stream-Protocol-Version: ").Append(protocol).Append("\r\n");
        }

        head.Append("Content-Length: 0\r\n\r\n");
        await kubelet.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);
        await kubelet.FlushAsync(cancellationToken).ConfigureAwait(false);
        var response = await HttpResponseHead.ReadAsync(kubelet, cancellationToken).ConfigureAwait(false);
        if (response.Status == 101)
        {
            return response;
        }

        context.Response.StatusCode = response.Status;
        if (response.Header("Content-Type") is { } type)
        {
            context.Response.ContentType = type;
        }

        await response.CopyBodyAsync(kubelet, context.Response.Body, cancellationToken).ConfigureAwait(false);
        return null;
    }
}
