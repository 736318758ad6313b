using KubeSharp.ApiServer.Auth;
using KubeSharp.Client;
using KubeSharp.Kubelet.Simulation;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Server;

/// <summary>Runs `kubesharp agent` until it is stopped: joins the server with its token, then runs the node(s).</summary>
internal static partial class AgentRunner
{
    public static async Task<int> RunAsync(string server, string token, SimulationOptions simulation, CancellationToken cancellationToken)
    {
        using var loggerFactory = Logging.CreateFactory();
        var logger = loggerFactory.CreateLogger("kubesharp");
        try
        {
            using var client = await JoinConnection.ConnectAsync(server, token, cancellationToken).ConfigureAwait(false);
            LogJoined(logger, server, simulation.Count);
            var pool = new SimulatedNodePool(client, simulation, TimeProvider.System, loggerFactory.CreateLogger<SimulatedNodePool>());
            await ServerRunner.RunComponentAsync("simulated nodes", pool.RunAsync, logger, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (JoinException e)
        {
            await Console.Error.WriteLineAsync($"kubesharp agent: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
    }

    /// <summary>Joins with the token, gets the node's own client certificate (k3s' client-kubelet bootstrap) and runs the node.</summary>
    public static async Task<int> RunNodeAsync(string server, string token, NodeAgentOptions agent, CancellationToken cancellationToken)
    {
        using var loggerFactory = Logging.CreateFactory();
        var logger = loggerFactory.CreateLogger("kubesharp");
        try
        {
            var credentials = await JoinConnection.NodeCredentialsAsync(server, token, agent.NodeName, cancellationToken).ConfigureAwait(false);
            var kubeconfig = KubeconfigWriter.Build(server.TrimEnd('/'), credentials.ServerCaPem, credentials.CertificatePem, credentials.KeyPem);
            KubeconfigWriter.Write(Path.Combine(agent.DataDir, "kubelet.kubeconfig"), kubeconfig);
            using var client = ClusterConnection.FromKubeconfigText(kubeconfig);
            LogJoinedAsNode(logger, server, agent.NodeName);
            await ServerRunner.RunComponentAsync("node agent",
                ct => NodeAgentHost.RunAsync(client, credentials.ClientCaPem, agent, TimeProvider.System, loggerFactory, ct), logger, cancellationToken)
                .ConfigureAwait(false);
            return 0;
        }
        catch (JoinException e)
        {
            await Console.Error.WriteLineAsync($"kubesharp agent: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Joined {Server} as node {Node}")]
    private static partial void LogJoinedAsNode(ILogger logger, string server, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "Joined {Server}; running {Count} simulated node(s)")]
    private static partial void LogJoined(ILogger logger, string server, int count);
}
