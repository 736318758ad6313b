using System.Text.Json.Nodes;
using KubeSharp.ApiServer.OpenApi;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Tests.OpenApi;

public class GnosticV2EncoderTests
{
    // Field numbers from gnostic's openapiv2/OpenAPIv2.proto.
    private const int DocumentSwagger = 1, DocumentInfo = 2, DocumentPaths = 8, DocumentDefinitions = 9, DocumentSecurity = 12,
        DocumentSecurityDefinitions = 13;

    private const int SchemaRef = 1, SchemaDescription = 4, SchemaRequired = 19, SchemaAdditionalProperties = 21, SchemaType = 22,
        SchemaItems = 23, SchemaProperties = 25, SchemaVendorExtension = 31;

    private static readonly OpenApiDocuments Documents = new(BuiltInResources.Resources);
    private static readonly ProtoFields Document = new(Documents.V2Protobuf().Span);

    [Fact]
    public void Encode_BuiltIns_SwaggerVersionAndInfo()
    {
        Assert.Equal("2.0", Document.String(DocumentSwagger));
        var info = Document.Message(DocumentInfo);
        Assert.Equal("Kubernetes", info.String(1));
        Assert.Equal("v1.33.0", info.String(2));
    }

    [Fact]
    public void Encode_PodDefinition_GvkExtensionAsYamlAndPropertiesRef()
    {
        var pod = Document.Message(DocumentDefinitions).Named(1, "io.k8s.api.core.v1.Pod");
        Assert.StartsWith("Pod is a collection of containers", pod.String(SchemaDescription), StringComparison.Ordinal);
        Assert.Equal(["object"], pod.Message(SchemaType).Strings(1));
        var gvk = JsonNode.Parse(pod.Named(SchemaVendorExtension, "x-kubernetes-group-version-kind").String(2)!)!;
        Assert.Equal("Pod", gvk[0]!["kind"]!.GetValue<string>());
        Assert.Equal("v1", gvk[0]!["version"]!.GetValue<string>());
        Assert.Equal("", gvk[0]!["group"]!.GetValue<string>());
        Assert.Equal("#/definitions/io.k8s.api.core.v1.PodSpec", pod.Message(SchemaProperties).Named(1, "spec").String(SchemaRef));
    }

    [Fact]
    public void Encode_PodSpecContainers_ArrayItemsAndPatchExtensions()
    {
        var definitions = Document.Message(DocumentDefinitions);
        var containers = definitions.Named(1, "io.k8s.api.core.v1.PodSpec").Message(SchemaProperties).Named(1, "containers");
        Assert.Equal(["array"], containers.Message(SchemaType).Strings(1));
        Assert.Equal("#/definitions/io.k8s.api.core.v1.Container", containers.Message(SchemaItems).Message(1).String(SchemaRef));
        Assert.Equal("\"merge\"", containers.Named(SchemaVendorExtension, "x-kubernetes-patch-strategy").String(2)!.Trim());
        Assert.Equal("\"name\"", containers.Named(SchemaVendorExtension, "x-kubernetes-patch-merge-key").String(2)!.Trim());
        Assert.Equal(["name"], definitions.Named(1, "io.k8s.api.core.v1.Container").Strings(SchemaRequired));
    }

    [Fact]
    public void Encode_ObjectMetaLabels_AdditionalPropertiesSchema()
    {
        var labels = Document.Message(DocumentDefinitions).Named(1, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")
            .Message(SchemaProperties).Named(1, "labels");
        Assert.Equal(["object"], labels.Message(SchemaType).Strings(1));
        Assert.Equal(["string"], labels.Message(SchemaAdditionalProperties).Message(1).Message(SchemaType).Strings(1));
    }

    [Fact]
    public void Encode_DeploymentPatch_QueryParameterBodyParameterAndGvk()
    {
        var item = Document.Message(DocumentPaths).Named(2, "/apis/apps/v1/namespaces/{namespace}/deployments/{name}");
        var patch = item.Message(8);
        Assert.Equal("patchAppsV1NamespacedDeployment", patch.String(5));
        Assert.Contains("application/strategic-merge-patch+json", patch.Strings(7));
        var parameters = patch.Messages(8).Select(p => p.Message(1)).ToList();
        var body = parameters.Single(p => p.FieldNumbers.Contains(1)).Message(1);
        Assert.Equal("body", body.String(3));
        Assert.Equal(1ul, body.Varint(4));
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch", body.Message(5).String(SchemaRef));
        var query = parameters.Where(p => p.FieldNumbers.Contains(2)).Select(p => p.Message(2).Message(3)).ToList();
        Assert.Contains(query, q => q.String(4) == "fieldValidation" && q.String(2) == "query" && q.String(6) == "string");
        var gvk = JsonNode.Parse(patch.Named(13, "x-kubernetes-group-version-kind").String(2)!)!;
        Assert.Equal("Deployment", gvk["kind"]!.GetValue<string>());
        Assert.Equal("apps", gvk["group"]!.GetValue<string>());
        Assert.Equal("\"patch\"", patch.Named(13, "x-kubernetes-action").String(2)!.Trim());

        var ok = patch.Message(9).Named(1, "200").Message(1);
        Assert.Equal("OK", ok.String(1));
        Assert.Equal("#/definitions/io.k8s.api.apps.v1.Deployment", ok.Message(2).Message(1).String(SchemaRef));

        var path = item.Messages(9).Select(p => p.Message(1).Message(2)).Where(p => p.FieldNumbers.Contains(4)).Select(p => p.Message(4))
            .Single(p => p.String(4) == "name");
        Assert.Equal(1ul, path.Varint(1));
        Assert.Equal("path", path.String(2));
    }

    [Fact]
    public void Encode_Security_BearerTokenApiKey()
    {
        Assert.True(Document.Message(DocumentSecurity).HasNamed(1, "BearerToken"));
        var apiKey = Document.Message(DocumentSecurityDefinitions).Named(1, "BearerToken").Message(2);
        Assert.Equal("apiKey", apiKey.String(1));
        Assert.Equal("authorization", apiKey.String(2));
        Assert.Equal("header", apiKey.String(3));
    }

    [Fact]
    public void Encode_NumbersEnumsDefaultsAndRefs_GnosticFieldNumbers()
    {
        var document = new JsonObject
        {
            ["swagger"] = "2.0",
            ["x-top"] = "yes",
            ["paths"] = new JsonObject
            {
                ["x-paths"] = true,
                ["/things"] = new JsonObject
                {
                    ["get"] = new JsonObject
                    {
                        ["parameters"] = new JsonArray(
                            new JsonObject { ["$ref"] = "#/parameters/limit" },
                            new JsonObject { ["in"] = "header", ["name"] = "h", ["type"] = "integer", ["maximum"] = 2.5, ["maxLength"] = 7 }),
                        ["responses"] = new JsonObject { ["default"] = new JsonObject { ["$ref"] = "#/responses/Err" } },
                    },
                },
            },
            ["definitions"] = new JsonObject
            {
                ["Thing"] = new JsonObject
                {
                    ["type"] = new JsonArray("string", "null"),
                    ["enum"] = new JsonArray("a", "b"),
                    ["default"] = "a",
                    ["minimum"] = 1,
                    ["maxItems"] = 3,
                    ["additionalProperties"] = false,
                    ["readOnly"] = true,
                    ["nullable"] = true,
                },
            },
        };

        var decoded = new ProtoFields(GnosticV2Encoder.Encode(document));
        Assert.Equal("\"yes\"", decoded.Named(16, "x-top").String(2)!.Trim());
        var paths = decoded.Message(DocumentPaths);
        Assert.Equal("true", paths.Named(1, "x-paths").String(2)!.Trim());
        var get = paths.Named(2, "/things").Message(2);
        var parameters = get.Messages(8).ToList();
        Assert.Equal("#/parameters/limit", parameters[0].Message(2).String(1));
        var header = parameters[1].Message(1).Message(2).Message(1);
        Assert.Equal("integer", header.String(5));
        Assert.Equal(2.5, header.Double(10));
        Assert.Equal(7ul, header.Varint(14));
        Assert.Equal("#/responses/Err", get.Message(9).Named(1, "default").Message(2).String(1));

        var thing = decoded.Message(DocumentDefinitions).Named(1, "Thing");
        Assert.Equal(["string", "null"], thing.Message(SchemaType).Strings(1));
        Assert.Equal(["\"a\"", "\"b\""], thing.Messages(20).Select(a => a.String(2)!.Trim()));
        Assert.Equal("\"a\"", thing.Message(5).String(2)!.Trim());
        Assert.Equal(1.0, thing.Double(9));
        Assert.Equal(3ul, thing.Varint(14));
        Assert.Equal(0ul, thing.Message(SchemaAdditionalProperties).Varint(2));
        Assert.Equal(1ul, thing.Varint(27));
        Assert.DoesNotContain(thing.FieldNumbers, n => n > 31);
    }
}
