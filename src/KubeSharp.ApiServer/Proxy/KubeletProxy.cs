using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.HttpStream;
using KubeSharp.Api.Objects;
using KubeSharp.ApiServer.Http;
using KubeSharp.ApiServer.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>
/// The connect subresources that reach a node's kubelet (upstream's pod/rest/log.go and subresources.go, node
/// proxy): pods/log streamed from /containerLogs, pods/exec, pods/attach and pods/portforward relayed as upgraded
/// connections to /exec, /attach and /portForward, and nodes/proxy to any kubelet path.
/// </summary>
internal sealed class KubeletProxy(KubeletConnector connector)
{
    public async Task ServeLogAsync(HttpContext context, ResourceRegistry pods, ResourceRegistry nodes, string ns, string name)
    {
        var cancellationToken = context.RequestAborted;
        var pod = await pods.GetAsync(ns, name, cancellationToken).ConfigureAwait(false);
        var options = PodLogQuery.Parse(context.Request.Query, name);
        var container = PodContainers.Resolve(pod, options.Container);
        var nodeName = Meta.GetString(pod["spec"] as JsonObject, "nodeName");
        if (string.IsNullOrEmpty(nodeName))
        {
            // Upstream has nowhere to read from and returns an empty log.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/plain";
            return;
        }

        var (host, port) = KubeletConnector.EndpointOf(await nodes.GetAsync("", nodeName, cancellationToken).ConfigureAwait(false));
        var uri = new Uri($"https://{Authority(host, port)}/containerLogs/{Escape(ns)}/{Escape(name)}/{Escape(container)}{options.KubeletQuery()}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await KubeletErrorAsync(response, name, cancellationToken).ConfigureAwait(false);
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        await context.Response.StartAsync(cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await CopyFlushingAsync(body, context.Response.Body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>pods/exec, pods/attach and pods/portforward: an upgrade request relayed to the kubelet.</summary>
    public async Task ServeStreamAsync(HttpContext context, string subresource, ResourceRegistry pods, ResourceRegistry nodes, string ns, string name)
    {
        var cancellationToken = context.RequestAborted;
        var pod = await pods.GetAsync(ns, name, cancellationToken).ConfigureAwait(false);
        var query = context.Request.Query;
        string path;
        StreamOptions? streams = null;
        if (subresource == "portforward")
        {
            path = $"/portForward/{Escape(ns)}/{Escape(name)}{PortQuery(query)}";
        }
        else
        {
            var container = PodContainers.Resolve(pod, query["container"].ToString());
            streams = Streams(query);
            path = $"/{subresource}/{Escape(ns)}/{Escape(name)}/{Escape(container)}{StreamQuery(query, streams, subresource == "exec")}";
        }

        var nodeName = Meta.GetString(pod["spec"] as JsonObject, "nodeName");
        if (string.IsNullOrEmpty(nodeName))
        {
            throw ApiException.BadRequest($"pod {name} does not have a host assigned");
        }

        var (host, port) = KubeletConnector.EndpointOf(await nodes.GetAsync("", nodeName, cancellationToken).ConfigureAwait(false));
        if (context.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true })
        {
            throw ApiException.BadRequest("Upgrade request required");
        }

        if (subresource == "portforward" && PortForwardTunnel.IsRequested(context.Request))
        {
            await using var kubelet = await connector.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            await PortForwardTunnel.ServeAsync(context, kubelet, Authority(host, port), path, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (streams is not null && RemoteCommandTranslator.IsRequested(context.Request))
        {
            await using var kubelet = await connector.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            await RemoteCommandTranslator.ServeAsync(context, kubelet, Authority(host, port), path, streams, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (StreamingProtocols.IsWebSocket(context.Request) && !StreamingProtocols.KubeletServesWebSocket(context.Request, subresource))
        {
            // Refused before anything runs on the node: a client that offered only protocols nobody here speaks takes a
            // non-101 answer as an upgrade failure (client-go then retries over SPDY).
            throw ApiException.BadRequest(
                $"websocket protocol(s) {context.Request.Headers["Sec-WebSocket-Protocol"]} are not supported for pods/{subresource}; use SPDY/3.1");
        }

        await using var backend = await connector.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        await UpgradeTunnel.ProxyAsync(context, backend, Authority(host, port), path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>nodes/proxy: any method and path relayed to the node's kubelet; upgrades are tunnelled.</summary>
    public async Task ServeNodeProxyAsync(HttpContext context, RequestInfo info, ResourceRegistry nodes)
    {
        var cancellationToken = context.RequestAborted;
        var nodeName = info.Name;
        var explicitPort = 0;
        if (nodeName.Split(':') is [var n, var p] && int.TryParse(p, out var parsed))
        {
            nodeName = n;
            explicitPort = parsed;
        }

        var (host, port) = KubeletConnector.EndpointOf(await nodes.GetAsync("", nodeName, cancellationToken).ConfigureAwait(false));
        port = explicitPort > 0 ? explicitPort : port;
        var path = "/" + string.Join('/', info.Rest.Select(Escape)) + (context.Request.Path.Value?.EndsWith('/') == true && info.Rest.Count > 0 ? "/" : "")
            + context.Request.QueryString.Value;
        if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true })
        {
            await using var backend = await connector.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            await UpgradeTunnel.ProxyAsync(context, backend, Authority(host, port), path, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri($"https://{Authority(host, port)}{path}"));
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
            if (context.Request.ContentType is { } contentType)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        foreach (var accept in context.Request.Headers.Accept)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        await context.Response.StartAsync(cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await CopyFlushingAsync(body, context.Response.Body, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await connector.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            // As upstream reports an unreachable kubelet: a 500 naming the dial error.
            throw ApiException.Internal(e.Message);
        }
    }

    /// <summary>A kubelet error becomes a Status with the kubelet's text as message (so kubectl prints it as upstream's does).</summary>
    private static async Task<ApiException> KubeletErrorAsync(HttpResponseMessage response, string name, CancellationToken cancellationToken)
    {
        var text = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
        var code = (int)response.StatusCode;
        var reason = code switch
        {
            400 => "BadRequest",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "NotFound",
            _ => "InternalError",
        };
        return new ApiException(code, reason, text.Length > 0 ? text : $"the server rejected our request for an unknown reason (get pods {name})",
            new StatusDetails(name, "", "pods"));
    }

    private static async Task CopyFlushingAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            await to.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The kubelet's exec/attach query: upstream renames stdin/stdout/stderr to input/output/error.</summary>
    private static string StreamQuery(IQueryCollection query, StreamOptions streams, bool exec)
    {
        var (stdin, stdout, stderr, tty) = (streams.Stdin, streams.Stdout, Flag(query, "stderr"), streams.Tty);
        var commands = query["command"].Where(c => c is not null).Select(c => c!).ToList();
        if (exec && commands.Count == 0)
        {
            throw ApiException.BadRequest("you must specify at least 1 command");
        }

        if (!stdin && !stdout && !stderr)
        {
            throw ApiException.BadRequest("you must specify at least 1 of stdin, stdout, stderr");
        }

        var parts = new List<string>();
        parts.AddRange(commands.Select(c => "command=" + Uri.EscapeDataString(c)));
        if (stdin)
        {
            parts.Add("input=1");
        }

        if (stdout)
        {
            parts.Add("output=1");
        }

        if (stderr)
        {
            parts.Add("error=1");
        }

        if (tty)
        {
            parts.Add("tty=1");
        }

        return "?" + string.Join('&', parts);
    }

    /// <summary>The streams the kubelet will expect: a terminal merges stderr into stdout.</summary>
    private static StreamOptions Streams(IQueryCollection query)
    {
        var tty = Flag(query, "tty");
        return new StreamOptions(Flag(query, "stdin"), Flag(query, "stdout"), Flag(query, "stderr") && !tty, tty);
    }

    private static string PortQuery(IQueryCollection query)
    {
        var ports = query["ports"].Where(p => !string.IsNullOrEmpty(p)).Select(p => "port=" + Uri.EscapeDataString(p!)).ToList();
        return ports.Count == 0 ? "" : "?" + string.Join('&', ports);
    }

    private static bool Flag(IQueryCollection query, string key) => query[key].ToString() is "1" or "true" or "True" or "t" or "T" or "TRUE";

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static string Authority(string host, int port) =>
        (host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host) + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
