using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Strategies.IngressClasses;

namespace KubeSharp.ApiServer.Tests.Strategies;

public class IngressClassStrategyTests
{
    private static JsonObject WithSpec(string spec) =>
        JsonNode.Parse($$"""{"apiVersion":"networking.k8s.io/v1","kind":"IngressClass","metadata":{"name":"nginx"},"spec":{{spec}}}""")!.AsObject();

    private static List<FieldError> Validate(JsonObject obj)
    {
        IngressClassStrategy.Instance.ApplyDefaults(obj);
        var errors = new List<FieldError>();
        IngressClassStrategy.Instance.Validate(obj, errors);
        return errors;
    }

    [Fact]
    public void Validate_DocsExample_NoErrors()
    {
        var obj = WithSpec("""{"controller":"example.com/ingress-controller","parameters":{"apiGroup":"k8s.example.com","kind":"IngressParameters","name":"external-lb"}}""");
        Assert.Empty(Validate(obj));
    }

    [Fact]
    public void ApplyDefaults_ParametersWithoutScope_ScopeCluster()
    {
        var obj = WithSpec("""{"controller":"example.com/ic","parameters":{"kind":"P","name":"p"}}""");
        IngressClassStrategy.Instance.ApplyDefaults(obj);
        Assert.Equal("Cluster", obj["spec"]!["parameters"]!["scope"]!.GetValue<string>());
    }

    [Fact]
    public void Validate_NoController_Required()
    {
        var e = Assert.Single(Validate(WithSpec("{}")));
        Assert.Equal("spec.controller: Required value", e.ToString());
    }

    [Fact]
    public void Validate_ControllerWithoutDomain_Invalid()
    {
        var e = Assert.Single(Validate(WithSpec("""{"controller":"nginx"}""")));
        Assert.Equal("spec.controller: Invalid value: \"nginx\": must be a domain-prefixed path (such as \"acme.io/foo\")", e.ToString());
    }

    [Fact]
    public void Validate_NamespaceScopeWithoutNamespace_Required()
    {
        var e = Assert.Single(Validate(WithSpec("""{"controller":"example.com/ic","parameters":{"kind":"P","name":"p","scope":"Namespace"}}""")));
        Assert.Equal("spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'", e.ToString());
    }

    [Fact]
    public void Validate_ClusterScopeWithNamespace_Forbidden()
    {
        var e = Assert.Single(Validate(WithSpec("""{"controller":"example.com/ic","parameters":{"kind":"P","name":"p","scope":"Cluster","namespace":"x"}}""")));
        Assert.Equal("spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'", e.ToString());
    }

    [Fact]
    public void ValidateUpdate_ControllerChanged_Immutable()
    {
        var old = WithSpec("""{"controller":"example.com/a"}""");
        var updated = WithSpec("""{"controller":"example.com/b"}""");
        var errors = new List<FieldError>();
        IngressClassStrategy.Instance.ValidateUpdate(updated, old, errors);
        var e = Assert.Single(errors);
        Assert.Equal("spec.controller: Invalid value: \"example.com/b\": field is immutable", e.ToString());
    }
}
