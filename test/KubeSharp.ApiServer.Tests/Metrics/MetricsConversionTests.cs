using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Metrics;

namespace KubeSharp.ApiServer.Tests.Metrics;

public sealed class MetricsConversionTests
{
    internal const string Summary = """
        {
          "node": {"nodeName": "n1", "cpu": {"time": "2025-01-02T03:04:05Z", "usageNanoCores": 123456789, "usageCoreNanoSeconds": 99},
                   "memory": {"time": "2025-01-02T03:04:05Z", "workingSetBytes": 2814382080}},
          "pods": [
            {"podRef": {"name": "web", "namespace": "default", "uid": "u1"},
             "containers": [
               {"name": "sidecar", "cpu": {"time": "2025-01-02T03:04:04Z", "usageNanoCores": 3000000}, "memory": {"time": "2025-01-02T03:04:04Z", "workingSetBytes": 1048576}},
               {"name": "app", "cpu": {"time": "2025-01-02T03:04:05Z", "usageNanoCores": 250001}, "memory": {"time": "2025-01-02T03:04:05Z", "workingSetBytes": 1234567}}
             ]},
            {"podRef": {"name": "fresh", "namespace": "default", "uid": "u2"},
             "containers": [{"name": "app", "cpu": {"time": "2025-01-02T03:04:05Z", "usageCoreNanoSeconds": 5}, "memory": {"time": "2025-01-02T03:04:05Z", "workingSetBytes": 4096}}]},
            {"podRef": {"name": "empty", "namespace": "default", "uid": "u3"}, "containers": []}
          ]
        }
        """;

    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(123456789UL, "123456789n")]
    [InlineData(250001UL, "250001n")]
    [InlineData(3000000UL, "3m")]
    [InlineData(1500000000UL, "1500m")]
    [InlineData(2000000000UL, "2")]
    [InlineData(456000UL, "456u")]
    public void Cpu_NanoCores_CanonicalQuantity(ulong nanoCores, string expected) => Assert.Equal(expected, MetricsQuantity.Cpu(nanoCores));

    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(512UL, "512")]
    [InlineData(1000UL, "1k")]
    [InlineData(1024UL, "1Ki")]
    [InlineData(2814382080UL, "2748420Ki")]
    [InlineData(3145728UL, "3Mi")]
    [InlineData(1234567UL, "1234567")]
    public void Memory_Bytes_CanonicalQuantity(ulong bytes, string expected) => Assert.Equal(expected, MetricsQuantity.Memory(bytes));

    [Theory]
    [InlineData(10000, "10s")]
    [InlineData(20064, "20.064s")]
    [InlineData(60250, "1m0.25s")]
    public void Duration_Window_GoDurationText(int milliseconds, string expected) =>
        Assert.Equal(expected, MetricsQuantity.Duration(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void Node_SummaryWithRate_UsageAndCpuTime()
    {
        var usage = SummaryMetrics.Node(JsonNode.Parse(Summary)!.AsObject());
        Assert.Equal(new NodeUsage(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), 123456789, 2814382080), usage);
    }

    [Fact]
    public void Node_NoRateYet_Null()
    {
        var summary = JsonNode.Parse("""{"node":{"nodeName":"n","cpu":{"time":"2025-01-02T03:04:05Z","usageCoreNanoSeconds":5},"memory":{"time":"2025-01-02T03:04:05Z","workingSetBytes":1}},"pods":[]}""")!;
        Assert.Null(SummaryMetrics.Node(summary.AsObject()));
    }

    [Fact]
    public void Pods_Summary_OnlyPodsWhoseContainersAllHaveRates()
    {
        var pods = SummaryMetrics.Pods(JsonNode.Parse(Summary)!.AsObject());
        var web = Assert.Single(pods);
        Assert.Equal(("default", "web"), (web.Namespace, web.Name));
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), web.Timestamp);
        Assert.Equal(["app", "sidecar"], web.Containers.Select(c => c.Name));
    }

    [Fact]
    public void NodeMetrics_NodeAndUsage_MetricsServerShape()
    {
        var node = JsonNode.Parse("""{"metadata":{"name":"n1","uid":"x","labels":{"kubernetes.io/hostname":"n1"}},"status":{}}""")!.AsObject();
        var usage = new NodeUsage(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), 329087452, 2814382080);
        var json = MetricsObjects.NodeMetrics(node, usage, TimeSpan.FromSeconds(10), new DateTimeOffset(2025, 1, 2, 3, 4, 9, TimeSpan.Zero));
        Assert.Equal("""
            {"kind":"NodeMetrics","apiVersion":"metrics.k8s.io/v1beta1","metadata":{"name":"n1","creationTimestamp":"2025-01-02T03:04:09Z","labels":{"kubernetes.io/hostname":"n1"}},"timestamp":"2025-01-02T03:04:05Z","window":"10s","usage":{"cpu":"329087452n","memory":"2748420Ki"}}
            """, json.ToJsonString());
    }

    [Fact]
    public void PodMetricsList_Pod_ItemsWithoutTypeMeta()
    {
        var pod = JsonNode.Parse("""{"metadata":{"name":"web","namespace":"default"},"spec":{}}""")!.AsObject();
        var usage = new PodUsage("default", "web", new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), [new ContainerUsage("app", 3000000, 1048576)]);
        var item = MetricsObjects.PodMetrics(pod, usage, TimeSpan.FromSeconds(10), new DateTimeOffset(2025, 1, 2, 3, 4, 9, TimeSpan.Zero));
        var list = MetricsObjects.List("PodMetricsList", [item]);
        Assert.Equal("""
            {"kind":"PodMetricsList","apiVersion":"metrics.k8s.io/v1beta1","metadata":{},"items":[{"metadata":{"name":"web","namespace":"default","creationTimestamp":"2025-01-02T03:04:09Z"},"timestamp":"2025-01-02T03:04:05Z","window":"10s","containers":[{"name":"app","usage":{"cpu":"3m","memory":"1Mi"}}]}]}
            """, list.ToJsonString());
    }
}
