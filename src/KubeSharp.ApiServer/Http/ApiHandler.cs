using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Auth;
using KubeSharp.ApiServer.Discovery;
using KubeSharp.ApiServer.Metrics;
using KubeSharp.ApiServer.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer.Http;

/// <summary>
/// The one entry point of every request: authentication, then the non-resource paths (version, health, discovery,
/// OpenAPI), then resources. Every failure becomes a Status; nothing escapes as an unhandled exception.
/// </summary>
internal sealed partial class ApiHandler(
    ResourceHandler resources,
    ReviewHandler reviews,
    DiscoveryDocuments discovery,
    OpenApiDocuments openApi,
    Authentication authentication,
    string serverAddress,
    string serverCaPem,
    NodeCredentialsHandler nodeCredentials,
    ILogger<ApiHandler> logger,
    MetricsApi? metrics = null,
    CancellationToken stopping = default)
{
    public static readonly JsonObject Version = new()
    {
        ["major"] = "1",
        ["minor"] = "33",
        ["gitVersion"] = "v1.33.0+kubesharp",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-11-24T00:00:00Z",
        ["goVersion"] = "dotnet10",
        ["compiler"] = "roslyn",
        ["platform"] = "linux/amd64",
    };

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        CancellationTokenSource? endAtShutdown = null;
        try
        {
            var user = await authentication.AuthenticateAsync(context).ConfigureAwait(false);
            if (path == "/cacerts")
            {
                // k3s' bootstrap: an agent fetches the CA without trusting it yet, then checks it against its join token's hash.
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(serverCaPem, context.RequestAborted).ConfigureAwait(false);
                return;
            }

            if (path is "/healthz" or "/livez" or "/readyz" or "/version")
            {
                await ServePublicAsync(context, path).ConfigureAwait(false);
                return;
            }

            if (user is null)
            {
                throw ApiException.Unauthorized();
            }

            context.Items[typeof(UserInfo)] = user;
            if (path == NodeCredentialsHandler.Path)
            {
                await nodeCredentials.HandleAsync(context, user).ConfigureAwait(false);
                return;
            }

            var query = context.Request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
            var info = RequestInfoParser.Parse(context.Request.Method, path, query);
            endAtShutdown = LongRunningRequests.EndAtShutdown(context, info, stopping);
            if (info.IsResourceRequest)
            {
                if (metrics?.Handles(info) == true)
                {
                    await metrics.HandleAsync(context, info).ConfigureAwait(false);
                    return;
                }

                if (reviews.Handles(info))
                {
                    await reviews.HandleAsync(context, info, user).ConfigureAwait(false);
                    return;
                }

                await resources.HandleAsync(context, info).ConfigureAwait(false);
                return;
            }

            await ServeNonResourceAsync(context, path).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            if (!context.Response.HasStarted)
            {
                await ResponseWriter.WriteErrorAsync(context, e).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e)
        {
            LogUnexpected(logger, context.Request.Method, path, e);
            if (!context.Response.HasStarted)
            {
                await ResponseWriter.WriteErrorAsync(context, ApiException.Internal(e.Message)).ConfigureAwait(false);
            }
        }
        finally
        {
            endAtShutdown?.Dispose();
        }
    }

    private static async Task ServePublicAsync(HttpContext context, string path)
    {
        if (path == "/version")
        {
            await ResponseWriter.WriteAsync(context, 200, Version.DeepClone()).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        await context.Response.WriteAsync(context.Request.Query.ContainsKey("verbose") ? $"[+]ping ok\n[+]etcd ok\n{path[1..]} check passed\n" : "ok")
            .ConfigureAwait(false);
    }

    private async Task ServeNonResourceAsync(HttpContext context, string path)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var accept = context.Request.Headers.Accept.ToString();
        switch (parts)
        {
            case ["api"] or ["apis"]:
                {
                    var format = Negotiation.Choose(accept, discovery: true);
                    var core = parts[0] == "api";
                    if (format is ResponseFormat.DiscoveryV2 or ResponseFormat.DiscoveryV2Beta1)
                    {
                        var v = format == ResponseFormat.DiscoveryV2 ? "v2" : "v2beta1";
                        await ResponseWriter.WriteAsync(context, 200, discovery.Aggregated(core, v), ResponseFormat.Json,
                            $"application/json;g=apidiscovery.k8s.io;v={v};as=APIGroupDiscoveryList").ConfigureAwait(false);
                        return;
                    }

                    await ResponseWriter.WriteAsync(context, 200, core ? discovery.ApiVersions(serverAddress) : discovery.ApiGroupList(), format)
                        .ConfigureAwait(false);
                    return;
                }

            case ["api", var version]:
                await WriteOrNotFoundAsync(context, discovery.ResourceList("", version), accept).ConfigureAwait(false);
                return;
            case ["apis", var group]:
                await WriteOrNotFoundAsync(context, discovery.ApiGroup(group), accept).ConfigureAwait(false);
                return;
            case ["apis", var group, var version]:
                await WriteOrNotFoundAsync(context, discovery.ResourceList(group, version), accept).ConfigureAwait(false);
                return;
            case ["openapi", "v2"]:
                await OpenApiV2Handler.WriteAsync(context, openApi).ConfigureAwait(false);
                return;
            case ["openapi", "v3"]:
                await ResponseWriter.WriteAsync(context, 200, openApi.V3Index()).ConfigureAwait(false);
                return;
            case ["openapi", "v3", ..]:
                {
                    var doc = openApi.V3(string.Join('/', parts.Skip(2)));
                    if (doc is null)
                    {
                        await NotFoundTextAsync(context).ConfigureAwait(false);
                        return;
                    }

                    context.Response.Headers.ETag = "\"" + openApi.V3Hash(string.Join('/', parts.Skip(2))) + "\"";
                    context.Response.Headers.CacheControl = "public, immutable";
                    await ResponseWriter.WriteAsync(context, 200, doc).ConfigureAwait(false);
                    return;
                }

            case []:
                await ResponseWriter.WriteAsync(context, 200, new JsonObject
                {
                    ["paths"] = new JsonArray("/api", "/api/v1", "/apis", "/healthz", "/livez", "/metrics", "/openapi/v2", "/openapi/v3", "/readyz", "/version"),
                }).ConfigureAwait(false);
                return;
            default:
                await NotFoundTextAsync(context).ConfigureAwait(false);
                return;
        }
    }

    private static async Task WriteOrNotFoundAsync(HttpContext context, JsonObject? doc, string accept)
    {
        if (doc is null)
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource", new StatusDetails("", "", ""));
        }

        await ResponseWriter.WriteAsync(context, 200, doc, Negotiation.Choose(accept, discovery: true) == ResponseFormat.Yaml ? ResponseFormat.Yaml : ResponseFormat.Json)
            .ConfigureAwait(false);
    }

    private static async Task NotFoundTextAsync(HttpContext context)
    {
        context.Response.StatusCode = 404;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("404 page not found\n").ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "unexpected error serving {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);
}
