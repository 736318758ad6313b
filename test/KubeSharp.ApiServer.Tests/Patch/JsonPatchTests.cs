using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Patch;

namespace KubeSharp.ApiServer.Tests.Patch;

public class JsonPatchTests
{
    [Theory]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("""{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("""{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("""{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("""{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("""{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""", """{"baz":"qux","foo":["a",2,"c"]}""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")]
    [InlineData("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    [InlineData("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10},{"op":"add","path":"/a~1b","value":1}]""", """{"/":9,"~1":10,"a/b":1}""")]
    [InlineData("""{"a":{"b":1}}""", """[{"op":"copy","from":"/a","path":"/c"}]""", """{"a":{"b":1},"c":{"b":1}}""")]
    public void Apply_Rfc6902Examples_ProduceExpectedDocument(string document, string patch, string expected)
    {
        var result = JsonPatch.Apply(JsonNode.Parse(document)!, JsonNode.Parse(patch)!);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), result.ToJsonString());
    }

    [Fact]
    public void Apply_DoesNotChangeInput()
    {
        var document = JsonNode.Parse("""{"a":1}""")!;

        JsonPatch.Apply(document, JsonNode.Parse("""[{"op":"remove","path":"/a"}]""")!);

        Assert.Equal("""{"a":1}""", document.ToJsonString());
    }

    [Theory]
    [InlineData("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"remove","path":"/missing"}]""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"replace","path":"/missing","value":1}]""")]
    [InlineData("""{"foo":[1]}""", """[{"op":"add","path":"/foo/5","value":1}]""")]
    [InlineData("""{"foo":[1]}""", """[{"op":"add","path":"/foo/01","value":1}]""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"frobnicate","path":"/foo"}]""")]
    [InlineData("""{"foo":"bar"}""", """[{"path":"/foo"}]""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/x"}]""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"x","value":1}]""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":5,"value":1}]""")]
    [InlineData("""{"a":{"b":1}}""", """[{"op":"move","from":"/a","path":"/a/b/c"}]""")]
    public void Apply_OperationThatCannotApply_Throws422Invalid(string document, string patch)
    {
        var ex = Assert.Throws<ApiException>(() => JsonPatch.Apply(JsonNode.Parse(document)!, JsonNode.Parse(patch)!));

        Assert.Equal(422, ex.Code);
        Assert.Equal("Invalid", ex.Reason);
        Assert.Equal("the server rejected our request due to an error in our request", ex.Message);
    }

    [Theory]
    [InlineData("""{"op":"add","path":"/a","value":1}""", "json: cannot unmarshal object into Go value of type jsonpatch.Patch")]
    [InlineData("""[1]""", "json: cannot unmarshal number into Go value of type jsonpatch.Operation")]
    [InlineData("\"x\"", "json: cannot unmarshal string into Go value of type jsonpatch.Patch")]
    public void Apply_BodyNotAListOfOperations_Throws400BadRequest(string patch, string message)
    {
        var ex = Assert.Throws<ApiException>(() => JsonPatch.Apply(JsonNode.Parse("{}")!, JsonNode.Parse(patch)!));

        Assert.Equal(400, ex.Code);
        Assert.Equal("BadRequest", ex.Reason);
        Assert.Equal(message, ex.Message);
    }
}
