using k8s.Models;
using KubeSharp.Controllers.Common;

namespace KubeSharp.Controllers.Tests.Common;

public sealed class LabelSelectorsTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front" };

    public static TheoryData<IDictionary<string, string>?, bool> Maps => new()
    {
        { null, true },
        { new Dictionary<string, string>(), true },
        { new Dictionary<string, string> { ["app"] = "web" }, true },
        { new Dictionary<string, string> { ["app"] = "web", ["tier"] = "back" }, false },
        { new SortedDictionary<string, string> { ["app"] = "web", ["tier"] = "front" }, true },
        { new SortedDictionary<string, string> { ["app"] = "db" }, false },
        { new SortedDictionary<string, string> { ["zone"] = "a" }, false },
    };

    [Theory]
    [MemberData(nameof(Maps))]
    public void MatchesMap_DictionaryOrOtherMap_EveryPairMustBePresent(IDictionary<string, string>? selector, bool expected)
    {
        Assert.Equal(expected, LabelSelectors.MatchesMap(selector, Labels));
        Assert.Equal(expected, LabelSelectors.MatchesMap(selector, new SortedDictionary<string, string>(Labels)));
    }

    [Fact]
    public void MatchesMap_NoLabels_OnlyAnEmptySelectorMatches()
    {
        Assert.True(LabelSelectors.MatchesMap(new Dictionary<string, string>(), null));
        Assert.False(LabelSelectors.MatchesMap(new Dictionary<string, string> { ["app"] = "web" }, null));
    }

    [Theory]
    [InlineData("In", new[] { "web", "api" }, true)]
    [InlineData("In", null, false)]
    [InlineData("NotIn", new[] { "web" }, false)]
    [InlineData("NotIn", null, true)]
    [InlineData("Exists", null, true)]
    [InlineData("DoesNotExist", null, false)]
    [InlineData("Bogus", null, false)]
    public void Matches_Expressions_AsLabelSelectorAsSelector(string op, string[]? values, bool expected)
    {
        var selector = new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["tier"] = "front" },
            MatchExpressions = [new V1LabelSelectorRequirement { Key = "app", OperatorProperty = op, Values = values }],
        };

        Assert.Equal(expected, LabelSelectors.Matches(selector, Labels));
        Assert.False(LabelSelectors.Matches(null, Labels));
        Assert.True(LabelSelectors.Matches(new V1LabelSelector(), null));
    }
}
