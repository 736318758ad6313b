using System.Text.Json.Nodes;
using KubeSharp.ApiServer.OpenApi;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Tests.OpenApi;

public class OpenApiDocumentsTests
{
    private static readonly OpenApiDocuments Documents = new(BuiltInResources.Resources);

    [Fact]
    public void V2_PodDefinition_HasGvkDescriptionsAndExtensions()
    {
        var definitions = Documents.V2()["definitions"]!.AsObject();
        var pod = definitions["io.k8s.api.core.v1.Pod"]!;
        Assert.Equal("Pod", pod["x-kubernetes-group-version-kind"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal("", pod["x-kubernetes-group-version-kind"]![0]!["group"]!.GetValue<string>());
        Assert.StartsWith("Pod is a collection of containers", pod["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("#/definitions/io.k8s.api.core.v1.PodSpec", pod["properties"]!["spec"]!["$ref"]!.GetValue<string>());

        var containers = definitions["io.k8s.api.core.v1.PodSpec"]!["properties"]!["containers"]!;
        Assert.Equal("merge", containers["x-kubernetes-patch-strategy"]!.GetValue<string>());
        Assert.Equal("name", containers["x-kubernetes-patch-merge-key"]!.GetValue<string>());
        Assert.Equal("map", containers["x-kubernetes-list-type"]!.GetValue<string>());
        Assert.Equal("#/definitions/io.k8s.api.core.v1.Container", containers["items"]!["$ref"]!.GetValue<string>());
        Assert.Equal(["name"], definitions["io.k8s.api.core.v1.Container"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()));

        Assert.Equal("int-or-string", definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]!["format"]!.GetValue<string>());
        Assert.Equal("string", definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"]!["type"]!.GetValue<string>());
        Assert.Equal("date-time", definitions["io.k8s.apimachinery.pkg.apis.meta.v1.Time"]!["format"]!.GetValue<string>());
        Assert.True(definitions.ContainsKey("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
        Assert.True(definitions.ContainsKey("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"));
        Assert.True(definitions.ContainsKey("io.k8s.api.core.v1.PodTemplateSpec"));
        Assert.True(definitions.ContainsKey("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition"));
        Assert.True(definitions.ContainsKey("io.k8s.api.events.v1.Event"));
        Assert.True(definitions.ContainsKey("io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler"));
        Assert.True(definitions.ContainsKey("io.k8s.api.autoscaling.v1.Scale"));
        Assert.DoesNotContain(definitions, d => d.Key.StartsWith("io.k8s.kubesharp.", StringComparison.Ordinal));
    }

    [Fact]
    public void V2_DeploymentPatch_HasFieldValidationAndGvk()
    {
        var patch = Documents.V2()["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;
        Assert.Equal("patchAppsV1NamespacedDeployment", patch["operationId"]!.GetValue<string>());
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation" && p["in"]!.GetValue<string>() == "query");
        Assert.Equal("Deployment", patch["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public void V3_EveryPatchOperation_OffersFieldValidation()
    {
        foreach (var path in Documents.V3Paths)
        {
            foreach (var (name, item) in Documents.V3(path)!["paths"]!.AsObject())
            {
                foreach (var verb in new[] { "patch", "put", "post" })
                {
                    if (item![verb] is JsonObject operation && operation["x-kubernetes-group-version-kind"] is not null && verb == "patch")
                    {
                        Assert.True(operation["parameters"]!.AsArray().Any(p => p!["name"]!.GetValue<string>() == "fieldValidation" && p["in"]!.GetValue<string>() == "query"),
                            name + " " + verb);
                    }
                }
            }
        }
    }

    [Fact]
    public void V3_AppsV1_HasDeploymentWithGvkAndComponentsRefs()
    {
        var doc = Documents.V3("apis/apps/v1")!;
        Assert.Equal("3.0.0", doc["openapi"]!.GetValue<string>());
        var schemas = doc["components"]!["schemas"]!.AsObject();
        var deployment = schemas["io.k8s.api.apps.v1.Deployment"]!;
        Assert.Equal("apps", deployment["x-kubernetes-group-version-kind"]![0]!["group"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec", deployment["properties"]!["spec"]!["allOf"]![0]!["$ref"]!.GetValue<string>());
        Assert.True(schemas.ContainsKey("io.k8s.api.core.v1.PodTemplateSpec"));
        Assert.True(schemas.ContainsKey("io.k8s.api.autoscaling.v1.Scale"));
        Assert.Equal("retainKeys", schemas["io.k8s.api.apps.v1.DeploymentSpec"]!["properties"]!["strategy"]!["x-kubernetes-patch-strategy"]!.GetValue<string>());

        var patch = doc["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation");
        Assert.True(patch["requestBody"]!["content"]!.AsObject().ContainsKey("application/strategic-merge-patch+json"));
    }

    [Fact]
    public void V3Index_Paths_MatchServedGroupVersions()
    {
        var expected = BuiltInResources.Resources
            .SelectMany(r => r.Versions.Select(v => r.Group.Length == 0 ? "api/" + v : "apis/" + r.Group + "/" + v))
            .ToHashSet();
        var paths = Documents.V3Index()["paths"]!.AsObject();
        Assert.Equal(expected.Order(), paths.Select(p => p.Key).Order());
        foreach (var (path, entry) in paths)
        {
            Assert.Equal("/openapi/v3/" + path + "?hash=" + Documents.V3Hash(path), entry!["serverRelativeURL"]!.GetValue<string>());
            Assert.NotNull(Documents.V3(path));
        }

        Assert.Null(Documents.V3("apis/nothing/v1"));
    }

    [Fact]
    public void V3Hash_SameDocuments_IsStableUppercaseSha512()
    {
        var hash = Documents.V3Hash("api/v1");
        Assert.Equal(128, hash.Length);
        Assert.Equal(hash.ToUpperInvariant(), hash);
        Assert.Equal(hash, new OpenApiDocuments(BuiltInResources.Resources).V3Hash("api/v1"));
    }
}
