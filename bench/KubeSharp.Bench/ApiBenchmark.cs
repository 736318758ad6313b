using System.Net;
using KubeSharp.ApiServer;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Bench;

/// <summary>
/// Measures the API server in this process through HTTPS, then the raw store of the same kind, and prints both so that
/// the API's overhead shows.
/// </summary>
internal static class ApiBenchmark
{
    public static async Task<int> RunAsync(string? etcdEndpoint, bool http1, CancellationToken cancellationToken)
    {
        var dataDir = Directory.CreateTempSubdirectory("kubesharp-bench-api-").FullName;
        try
        {
            BenchFigures api;
            string protocol;
            var options = new ApiServerOptions { DataDir = dataDir, HttpsPort = 0, BindAddress = IPAddress.Loopback, DatastoreEndpoint = etcdEndpoint };
            await using (var server = await ApiServerHost.StartAsync(options, NullLoggerFactory.Instance, TimeProvider.System, cancellationToken))
            {
                using var target = await ApiTarget.CreateAsync(new Uri(server.Url), server.Pki.ServerCaPem, server.Pki.AdminCertPem, server.Pki.AdminKeyPem,
                    http1, cancellationToken);
                protocol = target.Protocol;
                api = await Workload.RunAsync("api", target, cancellationToken);
            }

            var store = await StoreBenchmark.MeasureAsync(etcdEndpoint, cancellationToken);
            Report.Print($"API server over HTTPS ({protocol}) vs raw store: {StoreBenchmark.Describe(etcdEndpoint)}, {Environment.ProcessorCount} cores",
                [("API", api), ("store", store)]);
            return 0;
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
