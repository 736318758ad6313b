using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Registry.Watch;

namespace KubeSharp.ApiServer.Tests.Registry.Watch;

/// <summary>Watch bytes made from the stored bytes are byte for byte what decoding the object and writing it gives.</summary>
public sealed class SerializedObjectTests
{
    private static readonly ResourceInfo ConfigMaps = BuiltInResources.Resources.First(r => r.Group.Length == 0 && r.Plural == "configmaps");
    private static readonly ResourceInfo Hpas = BuiltInResources.Resources.First(r => r.Group == "autoscaling" && r.Plural == "horizontalpodautoscalers");

    private static byte[] Stored(string json) => StoredObject.Encode((JsonObject)JsonNode.Parse(json)!);

    /// <summary>What the watch sent before it spliced: the decoded object written out.</summary>
    private static string ViaTree(byte[] stored, long revision) => StoredObject.Decode(stored, revision).ToJsonString();

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"default","labels":{"x":"y"}},"data":{"k":"v"}}""")]
    [InlineData("""{"kind":"ConfigMap","metadata":{"name":"order","annotations":{"a":"{\"nested\":[1,2]}"}},"apiVersion":"v1","data":{"s":"<tag> & 'quote' \u00e9\u65e5"}}""")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{},"data":{}}""")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","data":{"metadata":"not this one"},"metadata":{"name":"last"}}""")]
    public void For_SameVersion_SplicesTheResourceVersionExactlyAsTheTreeWrites(string json)
    {
        var stored = Stored(json);

        var sent = new SerializedObject(stored, 42).For(ConfigMaps, "v1");

        Assert.Equal(ViaTree(stored, 42), Encoding.UTF8.GetString(sent));
        Assert.Equal("42", JsonNode.Parse(sent)!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"a"}}""")]
    [InlineData("""{"apiVersion":"v2","kind":"ConfigMap","metadata":{"name":"a"}}""")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":"odd"}""")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap"}""")]
    public void WithResourceVersion_NotThatVersionOrNoMetadataObject_LeavesItToTheTree(string json) =>
        Assert.Null(SerializedObject.WithResourceVersion(Encoding.UTF8.GetBytes(json), 7, "v1", "ConfigMap"));

    [Fact]
    public void For_OtherVersion_ConvertsThroughTheTree()
    {
        var stored = Stored("""{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"h"},"spec":{"maxReplicas":3}}""");
        var shared = new SerializedObject(stored, 9);

        var v1 = JsonNode.Parse(shared.For(Hpas, "v1"))!.AsObject();
        var v2 = JsonNode.Parse(shared.For(Hpas, "v2"))!.AsObject();

        Assert.Equal(["kind", "apiVersion"], v1.Select(p => p.Key).Take(2));
        Assert.Equal("autoscaling/v1", v1["apiVersion"]!.GetValue<string>());
        Assert.Equal("autoscaling/v2", v2["apiVersion"]!.GetValue<string>());
        Assert.Equal("9", v1["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("9", v2["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Same(shared.For(Hpas, "v2"), shared.For(Hpas, "v2"));
    }

    [Fact]
    public void Object_DecodedOnceWithTheResourceVersion()
    {
        var shared = new SerializedObject(Stored("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}"""), 5);

        Assert.Same(shared.Object, shared.Object);
        Assert.Equal("5", shared.Object["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public void SelectorView_IsTheWatchCachesOwnAndLeavesTheSharedBytesAlone()
    {
        var stored = Stored("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","labels":{"app":"x"}}}""");
        var shared = new SerializedObject(stored, 3);

        Assert.Equal("x", shared.SelectorView["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.NotSame(shared.SelectorView, shared.Object);
        Assert.Equal(ViaTree(stored, 3), Encoding.UTF8.GetString(shared.For(ConfigMaps, "v1")));
    }
}
