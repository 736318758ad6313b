using KubeSharp.Kubelet.Config;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Tests.Config;

public sealed class EnvExpansionTests
{
    [Theory]
    [InlineData("$(A)-$(B)", "1-2")]
    [InlineData("$$(A)", "$(A)")]
    [InlineData("$(MISSING)", "$(MISSING)")]
    [InlineData("$(A", "$(A")]
    [InlineData("x$", "x$")]
    [InlineData("$x", "$x")]
    [InlineData("$$$(A)", "$1")]
    [InlineData("()", "()")]
    public void Expand_UpstreamCases_MatchExpansionPackage(string input, string expected)
    {
        var mapping = EnvExpansion.MappingFor(new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" });

        Assert.Equal(expected, EnvExpansion.Expand(input, mapping));
    }

    [Fact]
    public void ExpandCommand_Args_ExpandAgainstEnvironment()
    {
        var env = new[] { new KeyValue { Key = "GREETING", Value = "hi" } };

        var args = EnvExpansion.ExpandCommand(["echo", "$(GREETING)", "$$(GREETING)"], env);

        Assert.Equal(["echo", "hi", "$(GREETING)"], args);
    }
}
