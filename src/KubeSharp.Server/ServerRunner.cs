using KubeSharp.ApiServer;
using KubeSharp.ApiServer.Auth;
using k8s;
using KubeSharp.Client;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Server;

/// <summary>
/// Runs `kubesharp server` until it is stopped (SIGINT/SIGTERM): the API server, then — as its clients, through the API —
/// the controller manager, the scheduler and any simulated nodes.
/// </summary>
internal static partial class ServerRunner
{
    public static async Task<int> RunAsync(ApiServerOptions options, ControlPlaneOptions controlPlane, NodeAgentOptions? agent, string? kubeconfigPath,
        CancellationToken cancellationToken)
    {
        using var loggerFactory = Logging.CreateFactory();
        var logger = loggerFactory.CreateLogger("kubesharp");
        var time = TimeProvider.System;
        try
        {
            await using var server = await ApiServerHost.StartAsync(options, loggerFactory, time, cancellationToken).ConfigureAwait(false);
            var kubeconfig = server.AdminKubeconfig();
            var adminPath = Path.Combine(options.DataDir, "server", "cred", "admin.kubeconfig");
            KubeconfigWriter.Write(adminPath, kubeconfig);
            if (!string.IsNullOrEmpty(kubeconfigPath))
            {
                KubeconfigWriter.Write(kubeconfigPath, kubeconfig);
            }

            LogStarted(logger, server.Url, kubeconfigPath ?? adminPath, options.DatastoreEndpoint ?? "sqlite");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, server.Stopping);
            using var client = ClusterConnection.FromKubeconfigText(kubeconfig);
            var components = ControlPlane.Start(client, server.Pki.ServerCaPem, controlPlane, time, loggerFactory, stop.Token);
            IKubernetes? nodeClient = null;
            if (agent is not null)
            {
                // The server's own node: its kubelet gets a node identity from the cluster PKI directly, as k3s' embedded agent.
                var nodeKubeconfig = server.NodeKubeconfig(agent.NodeName);
                KubeconfigWriter.Write(Path.Combine(agent.DataDir, "kubelet.kubeconfig"), nodeKubeconfig);
                nodeClient = ClusterConnection.FromKubeconfigText(nodeKubeconfig);
                var clientCaPem = server.Pki.ClientCaPem;
                components.Add(RunComponentAsync("node agent",
                    ct => NodeAgentHost.RunAsync(nodeClient, clientCaPem, agent, time, loggerFactory, ct), logger, stop.Token));
            }

            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM/SIGINT: stop the API's clients, then the API server itself (`await using`).
            }

            await Task.WhenAll(components).ConfigureAwait(false);
            nodeClient?.Dispose();
            LogStopped(logger);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogStopped(logger);
        }

        return 0;
    }

    /// <summary>Runs one component until the server stops; a crash is logged and the component is restarted after a pause, as a supervisor would.</summary>
    internal static async Task RunComponentAsync(string name, Func<CancellationToken, Task> run, ILogger logger, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await run(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogComponentFailed(logger, name, e);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "KubeSharp API server is serving at {Url}; admin kubeconfig: {Kubeconfig}; store: {Store}")]
    private static partial void LogStarted(ILogger logger, string url, string kubeconfig, string store);

    [LoggerMessage(Level = LogLevel.Information, Message = "KubeSharp server stopped")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Name} failed; restarting it in 5 s")]
    private static partial void LogComponentFailed(ILogger logger, string name, Exception exception);
}
