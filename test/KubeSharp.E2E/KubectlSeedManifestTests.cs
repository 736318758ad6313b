using System.Text.Json.Nodes;
using KubeSharp.E2E.Infrastructure;

namespace KubeSharp.E2E;

/// <summary>The seeds' manifests through apply, get, describe, diff, delete — what a new user does first.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlSeedManifestTests(ClusterFixture cluster)
{
    private static string Seeds => Path.Combine(AppContext.BaseDirectory, "Manifests", "seeds");

    [Fact]
    public async Task ApplyDirectory_SeedManifests_CreatesEverything()
    {
        var r = (await cluster.KubectlAsync("apply", "-f", Seeds)).Ok();
        Assert.Contains("namespace/myspace", r.Stdout);
        Assert.Contains("deployment.apps/nginx-deployment", r.Stdout);
        Assert.Contains("service/my-nodeport", r.Stdout);
        Assert.Contains("ingress.networking.k8s.io/minimal-ingress", r.Stdout);

        var get = (await cluster.KubectlAsync("get", "deploy,svc,cm,secret,pvc,ing", "-n", "myspace")).Ok();
        Assert.Contains("deployment.apps/nginx-deployment", get.Stdout);
        Assert.Contains("service/my-nodeport", get.Stdout);
        Assert.Contains("80:30007/TCP", get.Stdout);

        // stringData became data, base64.
        var secret = JsonNode.Parse((await cluster.KubectlAsync("get", "secret", "app-secret", "-n", "myspace", "-o", "json")).Ok().Stdout)!;
        Assert.Equal("czNjcjN0", secret["data"]!["password"]!.GetValue<string>());
        Assert.Null(secret["stringData"]);

        // Defaults as upstream.
        var deploy = JsonNode.Parse((await cluster.KubectlAsync("get", "deploy", "nginx-deployment", "-n", "myspace", "-o", "json")).Ok().Stdout)!;
        Assert.Equal("RollingUpdate", deploy["spec"]!["strategy"]!["type"]!.GetValue<string>());
        Assert.Equal("25%", deploy["spec"]!["strategy"]!["rollingUpdate"]!["maxSurge"]!.GetValue<string>());
        Assert.Equal(10, deploy["spec"]!["revisionHistoryLimit"]!.GetValue<int>());
        Assert.Equal("Always", deploy["spec"]!["template"]!["spec"]!["restartPolicy"]!.GetValue<string>());
        Assert.NotNull(deploy["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]);

        // A second apply with no change reports unchanged.
        var again = (await cluster.KubectlAsync("apply", "-f", Path.Combine(Seeds, "40-deployment.yaml"))).Ok();
        Assert.Contains("deployment.apps/nginx-deployment unchanged", again.Stdout);

        var svc = JsonNode.Parse((await cluster.KubectlAsync("get", "svc", "my-service", "-n", "myspace", "-o", "json")).Ok().Stdout)!;
        Assert.StartsWith("10.43.", svc["spec"]!["clusterIP"]!.GetValue<string>());

        var describe = (await cluster.KubectlAsync("describe", "deployment", "nginx-deployment", "-n", "myspace")).Ok();
        Assert.Contains("Name:", describe.Stdout);
        Assert.Contains("nginx:1.14.2", describe.Stdout);
    }
}
