using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Http;

/// <summary>
/// Requests that stay open (watches, logs, exec/attach/port-forward, proxies: upstream's long-running request check) end
/// when the server stops, instead of holding its shutdown until Kestrel gives up on them; clients then rewatch or retry.
/// </summary>
internal static class LongRunningRequests
{
    private static readonly string[] StreamingSubresources = ["/log", "/exec", "/attach", "/portforward"];

    public static Func<HttpContext, RequestDelegate, Task> EndAtShutdown(CancellationToken stopping) => async (context, next) =>
    {
        if (!IsLongRunning(context.Request))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        context.RequestAborted = linked.Token;
        await next(context).ConfigureAwait(false);
    };

    public static bool IsLongRunning(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        return request.Query["watch"].ToString() is "1" or "true" or "True"
            || path.Contains("/watch/", StringComparison.Ordinal)
            || path.Contains("/proxy", StringComparison.Ordinal)
            || StreamingSubresources.Any(s => path.EndsWith(s, StringComparison.Ordinal));
    }
}
