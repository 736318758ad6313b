using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Selectors;

namespace KubeSharp.Api.Tests.Selectors;

public class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web", ["tier"] = "front", ["rank"] = "5" };

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app=db", false)]
    [InlineData("app!=db", true)]
    [InlineData("app!=web", false)]
    [InlineData("missing!=x", true)]
    [InlineData("app in (web,db)", true)]
    [InlineData("app in (db)", false)]
    [InlineData("app notin (db)", true)]
    [InlineData("app notin (web)", false)]
    [InlineData("missing notin (web)", true)]
    [InlineData("app", true)]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("!app", false)]
    [InlineData("rank>4", true)]
    [InlineData("rank<5", false)]
    [InlineData("app=web,tier=front", true)]
    [InlineData("app=web,tier=back", false)]
    [InlineData("  app = web ,  tier in ( front )  ", true)]
    [InlineData("app in (in,notin,web)", true)]
    public void Parse_Operator_MatchesAsUpstream(string selector, bool expected)
    {
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Web));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Parse_Empty_IsEverything(string? selector)
    {
        var s = LabelSelector.Parse(selector);
        Assert.True(s.IsEverything);
        Assert.False(s.IsNothing);
        Assert.True(s.Matches((IReadOnlyDictionary<string, string>?)null));
        Assert.Equal("", s.ToString());
    }

    [Fact]
    public void ToString_SortsKeysAndValues_CanonicalForm()
    {
        var s = LabelSelector.Parse("z notin (b,a),!y,x in (c, a),w,v==1,u!=2,t=");
        Assert.Equal("t=,u!=2,v==1,w,x in (a,c),!y,z notin (a,b)", s.ToString());
    }

    [Fact]
    public void Parse_EmptyValueForms_SelectEmptyValue()
    {
        Assert.True(LabelSelector.Parse("a=").Matches(new Dictionary<string, string> { ["a"] = "" }));
        Assert.True(LabelSelector.Parse("a in ()").Matches(new Dictionary<string, string> { ["a"] = "" }));
        Assert.Equal("a in (,b)", LabelSelector.Parse("a in (,b)").ToString());
    }

    [Theory]
    [InlineData("a b", "found 'b', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("a=b,", "found '', expected: identifier after ','")]
    [InlineData(",a", "found ',', expected: !, identifier, or 'end of string'")]
    [InlineData("a in b", "unable to parse requirement: found 'b' expected: '('")]
    [InlineData("a in (b c)", "unable to parse requirement: found 'c', expected: ',' or ')'")]
    [InlineData("a=(b)", "unable to parse requirement: found '(', expected: identifier")]
    [InlineData("a=b c", "found 'c', expected: ',' or 'end of string'")]
    [InlineData("a>b", "unable to parse requirement: values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer")]
    public void Parse_InvalidSyntax_ThrowsBadRequest(string selector, string message)
    {
        var e = Assert.Throws<ApiException>(() => LabelSelector.Parse(selector));
        Assert.Equal(400, e.Code);
        Assert.Equal("BadRequest", e.Reason);
        Assert.EndsWith(message, e.Message);
    }

    [Fact]
    public void Parse_InvalidKey_NilPathMessage()
    {
        var e = Assert.Throws<ApiException>(() => LabelSelector.Parse("a:=b"));
        Assert.Equal(
            "unable to parse requirement: <nil>: Invalid value: \"a:\": name part must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            e.Message);
    }

    [Fact]
    public void Parse_InvalidValue_ValuesPathMessage()
    {
        var e = Assert.Throws<ApiException>(() => LabelSelector.Parse("app=-x"));
        Assert.StartsWith("unable to parse requirement: values[0][app]: Invalid value: \"-x\": a valid label must be an empty string", e.Message);
    }

    [Fact]
    public void Parse_PrefixedKey_Accepted()
    {
        var s = LabelSelector.Parse("app.kubernetes.io/name=web");
        Assert.True(s.Matches(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "web" }));
        Assert.Throws<ApiException>(() => LabelSelector.Parse("Bad_Prefix/name=web"));
    }

    [Fact]
    public void FromJson_Null_IsNothing()
    {
        var s = LabelSelector.FromJson(null);
        Assert.True(s.IsNothing);
        Assert.False(s.IsEverything);
        Assert.False(s.Matches(Web));
        Assert.False(s.Matches(new Dictionary<string, string>()));
    }

    [Fact]
    public void FromJson_EmptyObject_IsEverything()
    {
        var s = LabelSelector.FromJson(new JsonObject());
        Assert.True(s.IsEverything);
        Assert.True(s.Matches(new Dictionary<string, string>()));
    }

    [Fact]
    public void FromJson_MatchLabelsAndExpressions_AllMustHold()
    {
        var s = LabelSelector.FromJson(JsonNode.Parse("""
            {"matchLabels":{"app":"web"},"matchExpressions":[
              {"key":"tier","operator":"In","values":["front","back"]},
              {"key":"env","operator":"NotIn","values":["prod"]},
              {"key":"rank","operator":"Exists"},
              {"key":"legacy","operator":"DoesNotExist"}]}
            """));
        Assert.True(s.Matches(Web));
        Assert.False(s.Matches(new Dictionary<string, string>(Web) { ["legacy"] = "1" }));
        Assert.False(s.Matches(new Dictionary<string, string>(Web) { ["env"] = "prod" }));
        Assert.Equal("app=web,env notin (prod),!legacy,rank,tier in (back,front)", s.ToString());
    }

    [Fact]
    public void FromJson_BadOperator_BadRequest()
    {
        var e = Assert.Throws<ApiException>(() => LabelSelector.FromJson(JsonNode.Parse("""{"matchExpressions":[{"key":"a","operator":"Gt","values":["1"]}]}""")));
        Assert.Equal("\"Gt\" is not a valid label selector operator", e.Message);
    }

    [Fact]
    public void FromJson_InWithoutValues_BadRequest()
    {
        var e = Assert.Throws<ApiException>(() => LabelSelector.FromJson(JsonNode.Parse("""{"matchExpressions":[{"key":"a","operator":"In"}]}""")));
        Assert.Equal("values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty", e.Message);
    }

    [Fact]
    public void Matches_WholeObject_UsesMetadataLabels()
    {
        var pod = JsonNode.Parse("""{"metadata":{"name":"p","labels":{"app":"web"}}}""")!.AsObject();
        Assert.True(LabelSelector.Parse("app=web").Matches(pod));
        Assert.False(LabelSelector.Parse("app=db").Matches(pod));
        Assert.True(LabelSelector.Parse("app=web").Matches(JsonNode.Parse("""{"app":"web"}""")!.AsObject()));
        Assert.True(LabelSelector.Parse("!app").Matches(JsonNode.Parse("""{"metadata":{"name":"p"}}""")!.AsObject()));
    }

    [Fact]
    public void RequiresExactMatch_EqualsTerm_ReturnsValue()
    {
        Assert.True(LabelSelector.Parse("a=b,c in (d)").RequiresExactMatch("c", out var v));
        Assert.Equal("d", v);
        Assert.False(LabelSelector.Parse("a!=b").RequiresExactMatch("a", out _));
    }
}
