using KubeSharp.ApiServer;
using KubeSharp.ApiServer.Auth;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Server;

/// <summary>Runs `kubesharp server` until it is stopped (SIGINT/SIGTERM).</summary>
internal static partial class ServerRunner
{
    public static async Task<int> RunAsync(ApiServerOptions options, string? kubeconfigPath, CancellationToken cancellationToken)
    {
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        }).SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            .AddFilter("Microsoft.Hosting", LogLevel.Warning));
        var logger = loggerFactory.CreateLogger("kubesharp");
        try
        {
            await using var server = await ApiServerHost.StartAsync(options, loggerFactory, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            var kubeconfig = server.AdminKubeconfig();
            var adminPath = Path.Combine(options.DataDir, "server", "cred", "admin.kubeconfig");
            KubeconfigWriter.Write(adminPath, kubeconfig);
            if (!string.IsNullOrEmpty(kubeconfigPath))
            {
                KubeconfigWriter.Write(kubeconfigPath, kubeconfig);
            }

            LogStarted(logger, server.Url, kubeconfigPath ?? adminPath, options.DatastoreEndpoint ?? "sqlite");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, server.Stopping);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM/SIGINT: fall through to the orderly shutdown of `await using`.
            }

            LogStopped(logger);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogStopped(logger);
        }

        return 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "KubeSharp API server is serving at {Url}; admin kubeconfig: {Kubeconfig}; store: {Store}")]
    private static partial void LogStarted(ILogger logger, string url, string kubeconfig, string store);

    [LoggerMessage(Level = LogLevel.Information, Message = "KubeSharp server stopped")]
    private static partial void LogStopped(ILogger logger);
}
