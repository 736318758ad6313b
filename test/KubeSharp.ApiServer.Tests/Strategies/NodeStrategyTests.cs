using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Strategies.Nodes;

namespace KubeSharp.ApiServer.Tests.Strategies;

public sealed class NodeStrategyTests
{
    private static JsonObject Node(string spec) => new() { ["metadata"] = new JsonObject { ["name"] = "n1" }, ["spec"] = JsonNode.Parse(spec) };

    private static List<string> Errors(Action<List<FieldError>> validate)
    {
        var errors = new List<FieldError>();
        validate(errors);
        return [.. errors.Select(e => e.ToString())];
    }

    [Fact]
    public void ApplyDefaults_PodCidrAndPodCidrs_KeptInStep()
    {
        var single = Node("""{"podCIDR":"10.42.1.0/24"}""");
        NodeStrategy.Instance.ApplyDefaults(single);
        Assert.Equal("""["10.42.1.0/24"]""", single["spec"]!["podCIDRs"]!.ToJsonString());

        var plural = Node("""{"podCIDRs":["10.42.2.0/24","fd00::/64"]}""");
        NodeStrategy.Instance.ApplyDefaults(plural);
        Assert.Equal("10.42.2.0/24", plural["spec"]!["podCIDR"]!.GetValue<string>());
    }

    [Fact]
    public void ValidateUpdate_ChangedPodCidr_Forbidden()
    {
        var old = Node("""{"podCIDR":"10.42.1.0/24","podCIDRs":["10.42.1.0/24"]}""");
        var changed = Node("""{"podCIDR":"10.42.9.0/24","podCIDRs":["10.42.9.0/24"]}""");
        Assert.Equal(["spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid"],
            Errors(e => NodeStrategy.Instance.ValidateUpdate(changed, old, e)));

        // From unset to a value is how the IPAM controller assigns it.
        Assert.Empty(Errors(e => NodeStrategy.Instance.ValidateUpdate(old, Node("{}"), e)));
    }

    [Fact]
    public void Validate_BadCidrsAndTaints_UpstreamErrors()
    {
        var node = Node("""
            {"podCIDRs":["10.42.1.5/24","10.1.0.0/16"],
             "taints":[{"key":"a","effect":"NoSchedule"},{"key":"a","effect":"NoSchedule"},{"key":"b","effect":"Sometimes"},{"key":"bad key!","effect":"NoExecute"}]}
            """);
        var errors = Errors(e => NodeStrategy.Instance.Validate(node, e));
        Assert.Contains(errors, e => e.StartsWith("spec.podCIDRs[0]: Invalid value: \"10.42.1.5/24\": must be a valid CIDR value", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.taints[1]: Duplicate value: ", StringComparison.Ordinal) && e.EndsWith("taints must be unique by key and effect pair", StringComparison.Ordinal));
        Assert.Contains("spec.taints[2].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"", errors);
        Assert.Contains(errors, e => e.StartsWith("spec.taints[3].key: Invalid value: \"bad key!\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TwoCidrsOfOneFamily_Invalid()
    {
        var errors = Errors(e => NodeStrategy.Instance.Validate(Node("""{"podCIDRs":["10.42.1.0/24","10.43.1.0/24"]}"""), e));
        Assert.Equal(["spec.podCIDRs: Invalid value: \"10.42.1.0/24,10.43.1.0/24\": may specify no more than one CIDR for each IP family"], errors);
    }
}
