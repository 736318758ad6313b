using System.Text;
using KubeSharp.E2E.Infrastructure;
using KubeSharp.Testing;

namespace KubeSharp.E2E;

/// <summary>
/// The server's state survives a crash (SIGKILL) on the embedded SQLite store, and the whole kubectl workflow runs on an
/// etcd store (<c>--datastore-endpoint</c>). Each test starts its own server, since it kills it.
/// </summary>
[Trait("Category", "Slow")]
public sealed class StoreBackendTests
{
    [Fact]
    public async Task Sqlite_KillDashNine_AcknowledgedWritesSurviveRestart()
    {
        await using var cluster = await StartAsync(null);
        var manifest = ConfigMaps("durable", 40);
        (await cluster.KubectlWithInputAsync(manifest, "apply", "-f", "-")).Ok();
        var before = (await cluster.KubectlAsync("get", "cm", "-n", "default", "-l", "batch=durable", "-o", "name")).Ok().Stdout;

        await cluster.KillServerAsync();
        await cluster.StartServerAsync();

        var after = (await cluster.KubectlAsync("get", "cm", "-n", "default", "-l", "batch=durable", "-o", "name")).Ok().Stdout;
        Assert.Equal(40, after.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Etcd_DatastoreEndpoint_ServesKubectlAndKeepsStateAcrossRestart()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        await using var cluster = await StartAsync(etcd.Endpoint);
        Assert.Contains("default", (await cluster.KubectlAsync("get", "ns")).Ok().Stdout);
        (await cluster.KubectlAsync("create", "namespace", "on-etcd")).Ok();
        (await cluster.KubectlAsync("create", "deployment", "web", "-n", "on-etcd", "--image=busybox", "--replicas=3")).Ok();
        (await cluster.KubectlWithInputAsync(ConfigMaps("etcd", 5).Replace("namespace: default", "namespace: on-etcd"), "apply", "-f", "-")).Ok();
        var rv = long.Parse((await cluster.KubectlAsync("get", "deploy", "web", "-n", "on-etcd", "-o", "jsonpath={.metadata.resourceVersion}")).Ok().Stdout);
        (await cluster.KubectlAsync("scale", "deploy", "web", "-n", "on-etcd", "--replicas=5")).Ok();

        await cluster.KillServerAsync();
        await cluster.StartServerAsync();

        Assert.Equal("5", (await cluster.KubectlAsync("get", "deploy", "web", "-n", "on-etcd", "-o", "jsonpath={.spec.replicas}")).Ok().Stdout);
        var newRv = long.Parse((await cluster.KubectlAsync("get", "deploy", "web", "-n", "on-etcd", "-o", "jsonpath={.metadata.resourceVersion}")).Ok().Stdout);
        Assert.True(newRv > rv, $"resourceVersion {newRv} should be after {rv}");
        Assert.Equal(5, (await cluster.KubectlAsync("get", "cm", "-n", "on-etcd", "-l", "batch=etcd", "-o", "name")).Ok().Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var conflict = await cluster.KubectlWithInputAsync(
            $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: on-etcd\n  resourceVersion: \"{rv}\"\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: busybox\n        image: busybox\n",
            "replace", "-f", "-");
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("the object has been modified", conflict.Stderr);
    }

    private static async Task<OwnedCluster> StartAsync(string? datastore)
    {
        var cluster = new ClusterFixture { DatastoreEndpoint = datastore };
        await cluster.InitializeAsync();
        return new OwnedCluster(cluster);
    }

    private static string ConfigMaps(string batch, int count)
    {
        var yaml = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            yaml.Append($"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {batch}-{i}\n  namespace: default\n  labels:\n    batch: {batch}\ndata:\n  n: \"{i}\"\n");
        }

        return yaml.ToString();
    }

    /// <summary>A cluster this test owns: stopped and removed when the test ends.</summary>
    private sealed class OwnedCluster(ClusterFixture cluster) : IAsyncDisposable
    {
        public Task<KubectlResult> KubectlAsync(params string[] args) => cluster.KubectlAsync(args);

        public Task<KubectlResult> KubectlWithInputAsync(string stdin, params string[] args) => cluster.KubectlWithInputAsync(stdin, args);

        public Task KillServerAsync() => cluster.KillServerAsync();

        public Task StartServerAsync() => cluster.StartServerAsync();

        public async ValueTask DisposeAsync() => await cluster.DisposeAsync();
    }
}
