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

    [LoggerMessage(Level = LogLevel.Information, Message = "Joined {Server}; running {Count} simulated node(s)")]
    private static partial void LogJoined(ILogger logger, string server, int count);
}
