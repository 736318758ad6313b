using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>
/// Completes a websocket handshake by hand, naming the subprotocol in the response: .NET's own subprotocol validation
/// rejects the '/' and '+' of names such as <c>SPDY/3.1+portforward.k8s.io</c>.
/// </summary>
internal static class WebSocketAccept
{
    private const string WebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static async Task<(WebSocket Socket, Stream Upgraded)> AcceptAsync(HttpContext context, string protocol)
    {
        var key = context.Request.Headers["Sec-WebSocket-Key"].ToString();
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers["Sec-WebSocket-Accept"] = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + WebSocketGuid)));
        context.Response.Headers["Sec-WebSocket-Protocol"] = protocol;
        var upgraded = await context.Features.Get<IHttpUpgradeFeature>()!.UpgradeAsync().ConfigureAwait(false);
        var socket = WebSocket.CreateFromStream(upgraded, new WebSocketCreationOptions
        {
            IsServer = true,
            KeepAliveInterval = TimeSpan.FromSeconds(30),
        });
        return (socket, upgraded);
    }
}
