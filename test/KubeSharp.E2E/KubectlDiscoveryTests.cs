using KubeSharp.E2E.Infrastructure;

namespace KubeSharp.E2E;

/// <summary>What kubectl learns about the server: version, resources, versions, schema.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlDiscoveryTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Version_Server_ReportsKubernetesVersion()
    {
        var r = (await cluster.KubectlAsync("version", "-o", "json")).Ok();
        Assert.Contains("\"serverVersion\"", r.Stdout);
        Assert.Contains("\"gitVersion\": \"v1.33.0+kubesharp\"", r.Stdout);
    }

    [Fact]
    public async Task ApiResources_BuiltIns_MatchUpstreamNamesAndShortNames()
    {
        var r = (await cluster.KubectlAsync("api-resources", "--no-headers")).Ok();
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Contains("pods po v1 true Pod", lines);
        Assert.Contains("deployments deploy apps/v1 true Deployment", lines);
        Assert.Contains("services svc v1 true Service", lines);
        Assert.Contains("namespaces ns v1 false Namespace", lines);
        Assert.Contains("customresourcedefinitions crd,crds apiextensions.k8s.io/v1 false CustomResourceDefinition", lines);
        Assert.Contains("horizontalpodautoscalers hpa autoscaling/v2 true HorizontalPodAutoscaler", lines);
        Assert.Contains("ingresses ing networking.k8s.io/v1 true Ingress", lines);
        Assert.Contains("leases coordination.k8s.io/v1 true Lease", lines);
    }

    [Fact]
    public async Task ApiResources_CategoryAll_ListsWorkloads()
    {
        var r = (await cluster.KubectlAsync("api-resources", "--categories=all", "-o", "name")).Ok();
        foreach (var name in new[] { "pods", "services", "deployments.apps", "replicasets.apps", "jobs.batch", "cronjobs.batch" })
        {
            Assert.Contains(name, r.Stdout.Split('\n'));
        }
    }

    [Fact]
    public async Task ApiVersions_ListsGroups()
    {
        var r = (await cluster.KubectlAsync("api-versions")).Ok();
        foreach (var gv in new[] { "v1", "apps/v1", "batch/v1", "autoscaling/v1", "autoscaling/v2", "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1" })
        {
            Assert.Contains(gv, r.Stdout.Split('\n'));
        }
    }

    [Theory]
    [InlineData("kubectl")]
    [InlineData("kubectl.1.27")]
    [InlineData("kubectl.1.33")]
    public async Task Explain_PodContainers_ShowsFieldDescriptions(string kubectl)
    {
        var r = (await ProcessRunner.RunAsync(Path.Combine(ClusterFixture.KubectlDir, kubectl), ["explain", "pods.spec.containers"], cluster.Env())).Ok();
        Assert.Contains("KIND:", r.Stdout);
        Assert.Contains("Pod", r.Stdout);
        Assert.Contains("image", r.Stdout);
    }

    [Fact]
    public async Task AuthCanI_Admin_Yes()
    {
        var r = (await cluster.KubectlAsync("auth", "can-i", "create", "deployments")).Ok();
        Assert.Equal("yes", r.Stdout.Trim());
    }

    [Fact]
    public async Task ConfigView_Kubeconfig_ShowsCluster()
    {
        var r = (await cluster.KubectlAsync("config", "view")).Ok();
        Assert.Contains($"server: https://127.0.0.1:{cluster.Port}", r.Stdout);
        Assert.Contains("DATA+OMITTED", r.Stdout);
    }
}
