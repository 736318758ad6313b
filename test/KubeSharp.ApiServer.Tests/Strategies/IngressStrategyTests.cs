using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Strategies.Ingresses;

namespace KubeSharp.ApiServer.Tests.Strategies;

public class IngressStrategyTests
{
    private const string DocsIngress = """
        {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"minimal-ingress","namespace":"default",
         "annotations":{"nginx.ingress.kubernetes.io/rewrite-target":"/"}},
         "spec":{"ingressClassName":"nginx-example","rules":[{"http":{"paths":[{"path":"/testpath","pathType":"Prefix",
           "backend":{"service":{"name":"test","port":{"number":80}}}}]}}]}}
        """;

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static List<FieldError> Validate(JsonObject obj)
    {
        IngressStrategy.Instance.ApplyDefaults(obj);
        var errors = new List<FieldError>();
        IngressStrategy.Instance.Validate(obj, errors);
        return errors;
    }

    private static JsonObject WithSpec(string spec) => Parse($$"""{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"a","namespace":"default"},"spec":{{spec}}}""");

    private static JsonObject WithPath(string path) => WithSpec("""{"rules":[{"host":"foo.bar.com","http":{"paths":[""" + path + "]}}]}");

    [Fact]
    public void Validate_DocsExample_NoErrors()
    {
        Assert.Empty(Validate(Parse(DocsIngress)));
    }

    [Fact]
    public void Validate_WildcardHostAndTls_NoErrors()
    {
        var obj = WithSpec("""{"tls":[{"hosts":["*.foo.com"],"secretName":"tls-secret"}],"rules":[{"host":"*.foo.com","http":{"paths":[{"path":"/","pathType":"ImplementationSpecific","backend":{"service":{"name":"svc","port":{"name":"http"}}}}]}}]}""");
        Assert.Empty(Validate(obj));
    }

    [Fact]
    public void PrepareForCreate_ClearsStatus_LoadBalancerEmpty()
    {
        var obj = Parse(DocsIngress);
        obj["status"] = JsonNode.Parse("""{"loadBalancer":{"ingress":[{"ip":"1.2.3.4"}]}}""");
        IngressStrategy.Instance.PrepareForCreate(obj);
        Assert.Equal("""{"loadBalancer":{}}""", obj["status"]!.ToJsonString());
    }

    [Fact]
    public void Validate_NoRulesNoDefaultBackend_InvalidSpec()
    {
        var e = Assert.Single(Validate(WithSpec("{}")));
        Assert.Equal("spec: Invalid value: null: either `defaultBackend` or `rules` must be specified", e.ToString());
    }

    [Fact]
    public void Validate_MissingPathType_RequiredWithUpstreamDetail()
    {
        var e = Assert.Single(Validate(WithPath("""{"path":"/","backend":{"service":{"name":"s","port":{"number":80}}}}""")));
        Assert.Equal("spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified", e.ToString());
    }

    [Fact]
    public void Validate_UnknownPathType_NotSupported()
    {
        var e = Assert.Single(Validate(WithPath("""{"path":"/","pathType":"Regex","backend":{"service":{"name":"s","port":{"number":80}}}}""")));
        Assert.Equal(FieldErrorType.NotSupported, e.Type);
        Assert.Equal("spec.rules[0].http.paths[0].pathType: Unsupported value: \"Regex\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\"", e.ToString());
    }

    [Theory]
    [InlineData("Prefix", "foo", "must be an absolute path")]
    [InlineData("Exact", "/a//b", "must not contain '//'")]
    [InlineData("Prefix", "/a/..", "cannot end with '/..'")]
    [InlineData("ImplementationSpecific", "foo", "must be an absolute path")]
    public void Validate_BadPath_InvalidAtPath(string pathType, string path, string message)
    {
        var entry = new JsonObject { ["path"] = path, ["pathType"] = pathType, ["backend"] = JsonNode.Parse("""{"service":{"name":"s","port":{"number":80}}}""") };
        var errors = Validate(WithPath(entry.ToJsonString()));
        Assert.Contains(errors, e => e.Field == "spec.rules[0].http.paths[0].path" && e.Type == FieldErrorType.Invalid && e.Detail == message);
    }

    [Fact]
    public void Validate_BothServiceAndResource_Invalid()
    {
        var e = Assert.Single(Validate(WithSpec("""{"defaultBackend":{"service":{"name":"s","port":{"number":80}},"resource":{"kind":"Bucket","name":"b"}}}""")));
        Assert.Equal("spec.defaultBackend: Invalid value: \"\": cannot set both resource and service backends", e.ToString());
    }

    [Fact]
    public void Validate_EmptyBackend_Invalid()
    {
        var e = Assert.Single(Validate(WithSpec("""{"defaultBackend":{}}""")));
        Assert.Equal("spec.defaultBackend: Invalid value: \"\": resource or service backend is required", e.ToString());
    }

    [Fact]
    public void Validate_PortNameAndNumber_Invalid()
    {
        var e = Assert.Single(Validate(WithSpec("""{"defaultBackend":{"service":{"name":"s","port":{"name":"http","number":80}}}}""")));
        Assert.Equal("spec.defaultBackend: Invalid value: \"\": cannot set both port name & port number", e.ToString());
    }

    [Fact]
    public void Validate_NoPort_Required()
    {
        var e = Assert.Single(Validate(WithSpec("""{"defaultBackend":{"service":{"name":"s"}}}""")));
        Assert.Equal("spec.defaultBackend: Required value: port name or number is required", e.ToString());
    }

    [Fact]
    public void Validate_PortNumberOutOfRange_Invalid()
    {
        var e = Assert.Single(Validate(WithSpec("""{"defaultBackend":{"service":{"name":"s","port":{"number":70000}}}}""")));
        Assert.Equal("spec.defaultBackend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive", e.ToString());
    }

    [Fact]
    public void Validate_BadPortName_Invalid()
    {
        var errors = Validate(WithSpec("""{"defaultBackend":{"service":{"name":"s","port":{"name":"HTTP"}}}}"""));
        Assert.All(errors, e => Assert.Equal("spec.defaultBackend.service.port.name", e.Field));
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Validate_ServiceNameNotDns1035_Invalid()
    {
        var errors = Validate(WithSpec("""{"defaultBackend":{"service":{"name":"1svc","port":{"number":80}}}}"""));
        var e = Assert.Single(errors);
        Assert.Equal("spec.defaultBackend.service.name", e.Field);
        Assert.StartsWith("a DNS-1035 label must consist of", e.Detail);
    }

    [Fact]
    public void Validate_MissingServiceName_Required()
    {
        var e = Assert.Single(Validate(WithSpec("""{"defaultBackend":{"service":{"port":{"number":80}}}}""")));
        Assert.Equal("spec.defaultBackend.service.name: Required value", e.ToString());
    }

    [Theory]
    [InlineData("1.2.3.4", "must be a DNS name, not an IP address")]
    [InlineData("Foo.com", "a lowercase RFC 1123 subdomain")]
    [InlineData("*.*.foo.com", "a wildcard DNS-1123 subdomain must start with '*.'")]
    public void Validate_BadHost_InvalidAtHost(string host, string messageStart)
    {
        var errors = Validate(WithSpec($$"""{"rules":[{"host":"{{host}}"}]}"""));
        Assert.Contains(errors, e => e.Field == "spec.rules[0].host" && e.Detail.StartsWith(messageStart, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadTlsHostAndSecret_Invalid()
    {
        var errors = Validate(WithSpec("""{"defaultBackend":{"service":{"name":"s","port":{"number":80}}},"tls":[{"hosts":["Bad_Host"],"secretName":"Bad_Secret"}]}"""));
        Assert.Contains(errors, e => e.Field == "spec.tls[0].hosts[0]");
        Assert.Contains(errors, e => e.Field == "spec.tls[0].secretName");
    }

    [Fact]
    public void Validate_HttpWithoutPaths_Required()
    {
        var e = Assert.Single(Validate(WithSpec("""{"rules":[{"host":"a.com","http":{"paths":[]}}]}""")));
        Assert.Equal("spec.rules[0].http.paths: Required value", e.ToString());
    }

    [Fact]
    public void Validate_ResourceBackendMissingKind_Required()
    {
        var e = Assert.Single(Validate(WithSpec("""{"defaultBackend":{"resource":{"apiGroup":"k8s.example.com","name":"static"}}}""")));
        Assert.Equal("spec.defaultBackend.resource.kind: Required value", e.ToString());
    }

    [Fact]
    public void Validate_ClassAnnotationMismatch_Invalid()
    {
        var obj = Parse(DocsIngress);
        obj["metadata"]!["annotations"]!["kubernetes.io/ingress.class"] = "other";
        var e = Assert.Single(Validate(obj));
        Assert.Equal("annotations.kubernetes.io/ingress.class: Invalid value: \"other\": must match `ingressClassName` when both are specified", e.ToString());
    }

    [Fact]
    public void ValidateUpdate_InvalidSecretNameAlreadyStored_Allowed()
    {
        var old = WithSpec("""{"defaultBackend":{"service":{"name":"s","port":{"number":80}}},"tls":[{"secretName":"Bad_Secret"}]}""");
        var updated = old.DeepClone().AsObject();
        var errors = new List<FieldError>();
        IngressStrategy.Instance.ValidateUpdate(updated, old, errors);
        Assert.Empty(errors);
    }
}
