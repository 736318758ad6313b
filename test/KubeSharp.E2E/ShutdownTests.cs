using KubeSharp.E2E.Infrastructure;

namespace KubeSharp.E2E;

/// <summary>
/// SIGTERM stops the processes: a real node agent (whose embedded kubelet web server once swallowed the signal, so the
/// agent never stopped) and a server that still has watches open.
/// </summary>
[Trait("Category", "Slow")]
[Trait("Category", "Containerd")]
[Collection(ContainerdNodes.Name)]
public sealed class ShutdownTests
{
    [Fact]
    public async Task SigTerm_JoinedNodeAgentThenServerWithWatchesOpen_BothExitZero()
    {
        var cluster = new ClusterFixture();
        await cluster.InitializeAsync();
        try
        {
            await using var agent = AgentProcess.StartNode(cluster, "term-0", Path.Combine(cluster.DataDir, "term-agent"));
            await Eventually.KubectlAsync(cluster, o => o.Contains("True", StringComparison.Ordinal), TimeSpan.FromSeconds(120),
                "get", "node", "term-0", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}");
            using var watch = ProcessRunner.Start(Path.Combine(ClusterFixture.KubectlDir, "kubectl"), ["get", "pods", "-A", "--watch"], cluster.Env());

            Assert.Equal(0, await agent.StopAsync());
            Assert.Contains("term-0", agent.Log, StringComparison.Ordinal);
            Assert.Equal(0, await cluster.StopServerAsync());
            Assert.Contains("KubeSharp server stopped", cluster.ServerLog, StringComparison.Ordinal);
            await watch.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
