using System.Text;
using KubeSharp.Storage;

namespace KubeSharp.Bench;

/// <summary>Measures the raw store (SQLite or etcd).</summary>
internal static class StoreBenchmark
{
    /// <summary>What the store holds for one object: a ConfigMap as a client sends it, with the workload's payload.</summary>
    public static readonly byte[] Value = Encoding.UTF8.GetBytes(ApiTarget.ConfigMapJson("cm", null));

    public static async Task<int> RunAsync(string? etcdEndpoint, CancellationToken cancellationToken)
    {
        var figures = await MeasureAsync(etcdEndpoint, cancellationToken);
        Report.Print($"store: {Describe(etcdEndpoint)}, {Environment.ProcessorCount} cores", [("store", figures)]);
        return 0;
    }

    /// <summary>Runs the workload on a fresh store: SQLite in a temporary directory, or a fresh key prefix in etcd.</summary>
    public static async Task<BenchFigures> MeasureAsync(string? etcdEndpoint, CancellationToken cancellationToken)
    {
        var dataDir = Directory.CreateTempSubdirectory("kubesharp-bench-").FullName;
        try
        {
            var options = new StoreOptions { EtcdKeyPrefix = $"/bench-{Guid.NewGuid():N}" };
            await using var store = await StoreFactory.CreateAsync(etcdEndpoint, dataDir, options, null, cancellationToken);
            return await Workload.RunAsync("store", new StoreTarget(store, Value), cancellationToken);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    public static string Describe(string? etcdEndpoint) => etcdEndpoint is null ? "SQLite" : $"etcd {etcdEndpoint}";
}
