using KubeSharp.E2E.Infrastructure;

namespace KubeSharp.E2E;

/// <summary>
/// A real node whose disk is "full" by its thresholds (<c>--eviction-hard nodefs.available&lt;100%</c>): it reports
/// DiskPressure, the node lifecycle controller taints it, the scheduler keeps new pods off it with upstream's message, and
/// the eviction manager evicts a pod that runs there anyway.
/// </summary>
[Trait("Category", "Slow")]
[Trait("Category", "Containerd")]
[Collection(ContainerdNodes.Name)]
public sealed class NodePressureTests
{
    [Fact]
    public async Task DiskPressure_ReportedTaintedPodsNotScheduledAndRunningPodEvicted()
    {
        var cluster = new ClusterFixture();
        await cluster.InitializeAsync();
        try
        {
            var settle = TimeSpan.FromSeconds(120);
            var agentDir = Path.Combine(cluster.DataDir, "full-agent");

            // A pod runs on the node first; then the agent restarts with a threshold that is always met (its containers
            // keep running across the restart, as with k3s).
            await using var before = AgentProcess.StartNode(cluster, "full-0", agentDir);
            await Eventually.KubectlAsync(cluster, o => o == "True", settle, "get", "node", "full-0", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}");
            (await cluster.KubectlAsync("run", "victim", "--image=busybox:1.35", "--restart=Never", "--", "sleep", "3600")).Ok();
            await Eventually.KubectlAsync(cluster, o => o == "Running", settle, "get", "pod", "victim", "-o", "jsonpath={.status.phase}");
            Assert.Equal(0, await before.StopAsync());
            await using var agent = AgentProcess.StartNode(cluster, "full-0", agentDir, "--eviction-hard", "nodefs.available<100%");
            await Eventually.KubectlAsync(cluster, o => o == "True", settle, "get", "node", "full-0", "-o", "jsonpath={.status.conditions[?(@.type==\"DiskPressure\")].status}");
            var reason = (await cluster.KubectlAsync("get", "node", "full-0", "-o", "jsonpath={.status.conditions[?(@.type==\"DiskPressure\")].reason}")).Ok().Stdout;
            Assert.Equal("KubeletHasDiskPressure", reason);
            Assert.Equal("False", (await cluster.KubectlAsync("get", "node", "full-0", "-o", "jsonpath={.status.conditions[?(@.type==\"MemoryPressure\")].status}")).Ok().Stdout);
            await Eventually.KubectlAsync(cluster, o => o.Contains("node.kubernetes.io/disk-pressure:NoSchedule", StringComparison.Ordinal), settle,
                "get", "node", "full-0", "-o", "jsonpath={range .spec.taints[*]}{.key}:{.effect}{\"\\n\"}{end}");

            (await cluster.KubectlAsync("run", "waits", "--image=busybox:1.35", "--restart=Never", "--", "true")).Ok();
            var events = await Eventually.KubectlAsync(cluster, o => o.Contains("FailedScheduling", StringComparison.Ordinal), settle,
                "get", "events", "--field-selector", "involvedObject.name=waits", "-o", "jsonpath={range .items[*]}{.reason}: {.message}{\"\\n\"}{end}");
            Assert.Contains("0/1 nodes are available: 1 node(s) had untolerated taint(s).", events, StringComparison.Ordinal);
            Assert.Equal("Pending", (await cluster.KubectlAsync("get", "pod", "waits", "-o", "jsonpath={.status.phase}")).Ok().Stdout);

            // The pod that was running is evicted: Failed, reason Evicted, a DisruptionTarget condition.
            await Eventually.KubectlAsync(cluster, o => o == "Failed", settle, "get", "pod", "victim", "-o", "jsonpath={.status.phase}");
            var pod = System.Text.Json.Nodes.JsonNode.Parse((await cluster.KubectlAsync("get", "pod", "victim", "-o", "json")).Ok().Stdout)!["status"]!;
            Assert.Equal("Evicted", pod["reason"]!.GetValue<string>());
            Assert.StartsWith("The node was low on resource: ephemeral-storage. Threshold quantity: ", pod["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains(pod["conditions"]!.AsArray(), c => c!["type"]!.GetValue<string>() == "DisruptionTarget" && c["reason"]!.GetValue<string>() == "TerminationByKubelet");
            Assert.Matches(@"Reason:\s+Evicted", (await cluster.KubectlAsync("describe", "pod", "victim")).Ok().Stdout);

            // Bound straight to the node (no scheduler): the kubelet's admission rejects it under DiskPressure.
            (await cluster.KubectlWithInputAsync("""
                apiVersion: v1
                kind: Pod
                metadata: {name: direct}
                spec:
                  nodeName: full-0
                  containers: [{name: c, image: busybox:1.35, command: ["sleep", "3600"]}]
                """, "apply", "-f", "-")).Ok();
            await Eventually.KubectlAsync(cluster, o => o == "Failed", settle, "get", "pod", "direct", "-o", "jsonpath={.status.phase}");
            Assert.Equal("Evicted|The node had condition: [DiskPressure]. ",
                (await cluster.KubectlAsync("get", "pod", "direct", "-o", "jsonpath={.status.reason}|{.status.message}")).Ok().Stdout);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
