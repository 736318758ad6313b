using System.Net;
using KubeSharp.ApiServer;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Bench;

/// <summary>
/// Measures the API server in this process through HTTPS, its registry called directly (no HTTP), and the raw store of
/// the same kind, each fresh, and prints them side by side so that the API's overhead shows and where it lies.
/// </summary>
internal static class ApiBenchmark
{
    public static async Task<int> RunAsync(string? etcdEndpoint, bool http1, CancellationToken cancellationToken)
    {
        var protocol = "";
        var api = await WithServerAsync(etcdEndpoint, async server =>
        {
            using var target = await ApiTarget.ConnectAsync(new Uri(server.Url), server.Pki.ServerCaPem, server.Pki.AdminCertPem, server.Pki.AdminKeyPem,
                http1, cancellationToken);
            protocol = target.Protocol;
            return await Workload.RunAsync("api", target, cancellationToken);
        }, cancellationToken);
        var registry = await WithServerAsync(etcdEndpoint, async server =>
            await Workload.RunAsync("registry", await RegistryTarget.OpenAsync(server, cancellationToken), cancellationToken), cancellationToken);
        var store = await StoreBenchmark.MeasureAsync(etcdEndpoint, cancellationToken);
        Report.Print($"API server over HTTPS ({protocol}) vs its registry in-process vs the raw store: {StoreBenchmark.Describe(etcdEndpoint)}, "
            + $"{Environment.ProcessorCount} cores", [("API", api), ("registry", registry), ("store", store)]);
        return 0;
    }

    private static async Task<BenchFigures> WithServerAsync(string? etcdEndpoint, Func<ApiServerHost, Task<BenchFigures>> measure,
        CancellationToken cancellationToken)
    {
        var dataDir = Directory.CreateTempSubdirectory("kubesharp-bench-api-").FullName;
        try
        {
            var options = new ApiServerOptions { DataDir = dataDir, HttpsPort = 0, BindAddress = IPAddress.Loopback, DatastoreEndpoint = etcdEndpoint };
            await using var server = await ApiServerHost.StartAsync(options, NullLoggerFactory.Instance, TimeProvider.System, cancellationToken);
            return await measure(server);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
