using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Http;

/// <summary>
/// Requests that stay open (watches, logs, exec/attach/port-forward, proxies: upstream's long-running request check on the
/// parsed request) end when the server stops, instead of holding its shutdown until Kestrel gives up on them; clients
/// then rewatch or retry.
/// </summary>
internal static class LongRunningRequests
{
    private static readonly HashSet<string> StreamingSubresources = new(StringComparer.Ordinal) { "log", "exec", "attach", "portforward", "proxy" };

    public static bool IsLongRunning(RequestInfo info) => info.Verb == "watch" || StreamingSubresources.Contains(info.Subresource);

    /// <summary>
    /// For a long-running request, makes <see cref="HttpContext.RequestAborted"/> fire at shutdown too; the returned source
    /// is disposed when the request ends (null for other requests).
    /// </summary>
    public static CancellationTokenSource? EndAtShutdown(HttpContext context, RequestInfo info, CancellationToken stopping)
    {
        if (!IsLongRunning(info))
        {
            return null;
        }

        var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        context.RequestAborted = linked.Token;
        return linked;
    }
}
