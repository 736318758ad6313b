using KubeSharp.Api.Errors;
using KubeSharp.Api.Selectors;

namespace KubeSharp.Api.Tests.Selectors;

public class FieldSelectorTests
{
    private static string? Pod(string field) => field switch
    {
        "metadata.name" => "web-1",
        "status.phase" => "Running",
        "spec.nodeName" => "a,b=c\\d",
        _ => null,
    };

    [Theory]
    [InlineData("metadata.name=web-1", true)]
    [InlineData("metadata.name==web-1", true)]
    [InlineData("metadata.name!=web-1", false)]
    [InlineData("status.phase!=Pending,metadata.name=web-1", true)]
    [InlineData("status.phase=Pending,metadata.name=web-1", false)]
    [InlineData("spec.nodeName=a\\,b\\=c\\\\d", true)]
    [InlineData("spec.missing=", true)]
    public void Matches_Terms_AsUpstream(string selector, bool expected)
    {
        Assert.Equal(expected, FieldSelector.Parse(selector).Matches(Pod));
    }

    [Fact]
    public void Parse_Escapes_UnescapesValueAndSplitsOnlyOnPlainCommas()
    {
        var s = FieldSelector.Parse("b!=x\\,y,a==1\\=2");
        Assert.Collection(
            s.Requirements,
            r => Assert.Equal(new FieldRequirement("a", FieldSelectorOperator.Equals, "1=2"), r),
            r => Assert.Equal(new FieldRequirement("b", FieldSelectorOperator.NotEquals, "x,y"), r));
        Assert.Equal("a=1\\=2,b!=x\\,y", s.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(",")]
    public void Parse_Empty_IsEverything(string? text)
    {
        Assert.True(FieldSelector.Parse(text).IsEverything);
    }

    [Theory]
    [InlineData("metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'")]
    [InlineData("a=b\\x", "invalid field selector: invalid escape sequence: \\x")]
    [InlineData("a=b\\", "invalid field selector: invalid escape sequence: \\")]
    [InlineData("a=b=c", "invalid field selector: unescaped character in value: =")]
    public void Parse_Invalid_BadRequest(string text, string message)
    {
        var e = Assert.Throws<ApiException>(() => FieldSelector.Parse(text));
        Assert.Equal(400, e.Code);
        Assert.Equal(message, e.Message);
    }
}
