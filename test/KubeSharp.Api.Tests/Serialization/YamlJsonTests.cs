using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.Tests.Serialization;

public class YamlJsonTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            app: web
          annotations:
            note: 'a: b'
            empty: ""
            flag: "true"
            number: "123"
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
                args:
                - --port=8080
                - "on"
                ports:
                - containerPort: 80
                  protocol: TCP
                resources: {}
                env: []
                command:
                - sh
                - -c
                - |
                  echo hello
                  sleep 3600
        status: {}

        """;

    [Fact]
    public void ToJson_Deployment_TypedScalars()
    {
        var json = YamlJson.ToJson(Deployment)!.AsObject();
        Assert.Equal(3, json["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal("true", json["metadata"]!["annotations"]!["flag"]!.GetValue<string>());
        Assert.Equal("123", json["metadata"]!["annotations"]!["number"]!.GetValue<string>());
        Assert.Equal("a: b", json["metadata"]!["annotations"]!["note"]!.GetValue<string>());
        var container = json["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("nginx:1.27", container["image"]!.GetValue<string>());
        Assert.Equal("echo hello\nsleep 3600\n", container["command"]![2]!.GetValue<string>());
        Assert.Equal(["apiVersion", "kind", "metadata", "spec", "status"], json.Select(kv => kv.Key));
    }

    [Fact]
    public void ToYaml_Deployment_RoundTripsToSameText()
    {
        var json = YamlJson.ToJson(Deployment);
        var yaml = YamlJson.ToYaml(json);
        Assert.Equal(Deployment.TrimEnd('\n') + "\n", yaml);
        Assert.True(JsonNode.DeepEquals(json, YamlJson.ToJson(yaml)));
    }

    [Theory]
    [InlineData("v: 1", "1")]
    [InlineData("v: -7", "-7")]
    [InlineData("v: 0x1F", "31")]
    [InlineData("v: 0o17", "15")]
    [InlineData("v: 017", "15")]
    [InlineData("v: 1_000", "1000")]
    [InlineData("v: 1.5", "1.5")]
    [InlineData("v: 3.0", "3")]
    [InlineData("v: 1e3", "1000")]
    [InlineData("v: 1e21", "1e+21")]
    [InlineData("v: 0.0000001", "1e-7")]
    [InlineData("v: 9223372036854775807", "9223372036854775807")]
    [InlineData("v: 18446744073709551615", "18446744073709551615")]
    [InlineData("v: 18446744073709551616", "18446744073709552000")]
    [InlineData("v: true", "true")]
    [InlineData("v: yes", "true")]
    [InlineData("v: Off", "false")]
    [InlineData("v: n", "false")]
    [InlineData("v: null", "null")]
    [InlineData("v: ~", "null")]
    [InlineData("v:", "null")]
    [InlineData("v: 'yes'", "\"yes\"")]
    [InlineData("v: \"1\"", "\"1\"")]
    [InlineData("v: 2024-01-02", "\"2024-01-02\"")]
    [InlineData("v: 1.2.3", "\"1.2.3\"")]
    [InlineData("v: !!str 12", "\"12\"")]
    [InlineData("v: !!float 12", "12")]
    [InlineData("v: hello world", "\"hello world\"")]
    [InlineData("v: >\n  folded\n  text\n", "\"folded text\\n\"")]
    public void ToJson_Scalars_GoYamlV2Typing(string yaml, string expectedJson)
    {
        Assert.Equal(expectedJson, YamlJson.ToJson(yaml)!["v"]?.ToJsonString() ?? "null");
    }

    [Fact]
    public void ToJson_NonStringKeys_Stringified()
    {
        var json = YamlJson.ToJson("on: push\n1: one\nfalse: f\n")!;
        Assert.Equal("""{"true":"push","1":"one","false":"f"}""", json.ToJsonString());
    }

    [Fact]
    public void ToJson_AnchorsAndMergeKeys_Expanded()
    {
        var json = YamlJson.ToJson("base: &b\n  a: 1\n  b: 2\nderived:\n  <<: *b\n  b: 3\ncopy: *b\n")!;
        Assert.Equal("""{"base":{"a":1,"b":2},"derived":{"a":1,"b":3},"copy":{"a":1,"b":2}}""", json.ToJsonString());
    }

    [Fact]
    public void ToJson_Empty_Null()
    {
        Assert.Null(YamlJson.ToJson(""));
        Assert.Null(YamlJson.ToJson("# only a comment\n"));
    }

    [Fact]
    public void ToJsonDocuments_MultiDoc_SkipsEmpty()
    {
        var docs = YamlJson.ToJsonDocuments("---\na: 1\n---\n# nothing\n---\n---\nb: 2\n...\n---\n- x\n");
        Assert.Equal(3, docs.Count);
        Assert.Equal("""{"a":1}""", docs[0].ToJsonString());
        Assert.Equal("""{"b":2}""", docs[1].ToJsonString());
        Assert.Equal("""["x"]""", docs[2].ToJsonString());
    }

    [Fact]
    public void ToJson_FirstDocumentOnly()
    {
        Assert.Equal("""{"a":1}""", YamlJson.ToJson("a: 1\n---\nb: 2\n")!.ToJsonString());
    }

    [Theory]
    [InlineData("a: b: c\n")]
    [InlineData("a:\n  - b\n  c: d\n")]
    [InlineData("a: [1, 2\n")]
    [InlineData("a: \"unterminated\n")]
    [InlineData("a: *missing\n")]
    [InlineData("v: .nan\n")]
    public void ToJson_Malformed_BadRequestWithPosition(string yaml)
    {
        var e = Assert.Throws<ApiException>(() => YamlJson.ToJson(yaml));
        Assert.Equal(400, e.Code);
        Assert.StartsWith("error converting YAML to JSON: yaml: line ", e.Message);
        Assert.Matches(@"line \d+, column \d+: \S", e.Message);
    }

    [Fact]
    public void FindDuplicateKeys_RepeatedKey_ReportedWithLine()
    {
        const string yaml = "a: 1\nb:\n  c: 1\n  c: 2\na: 3\n";
        var duplicates = YamlJson.FindDuplicateKeys(yaml);
        Assert.Equal(["line 4: key \"c\" already set in map", "line 5: key \"a\" already set in map"], duplicates.Select(d => d.ToString()));
        var json = YamlJson.ToJson(yaml, out var fromToJson);
        Assert.Equal(2, fromToJson.Count);
        Assert.Equal("""{"a":3,"b":{"c":2}}""", json!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"s":"plain"}""", "s: plain\n")]
    [InlineData("""{"s":"true"}""", "s: \"true\"\n")]
    [InlineData("""{"s":"yes"}""", "s: \"yes\"\n")]
    [InlineData("""{"s":"123"}""", "s: \"123\"\n")]
    [InlineData("""{"s":"1.5"}""", "s: \"1.5\"\n")]
    [InlineData("""{"s":""}""", "s: \"\"\n")]
    [InlineData("""{"s":"null"}""", "s: \"null\"\n")]
    [InlineData("""{"s":"2024-01-02T03:04:05Z"}""", "s: \"2024-01-02T03:04:05Z\"\n")]
    [InlineData("""{"s":"a: b"}""", "s: 'a: b'\n")]
    [InlineData("""{"s":"- x"}""", "s: '- x'\n")]
    [InlineData("""{"s":"x #y"}""", "s: 'x #y'\n")]
    [InlineData("""{"s":"line1\nline2"}""", "s: |-\n  line1\n  line2\n")]
    [InlineData("""{"i":1,"f":1.5,"b":false,"z":null}""", "i: 1\nf: 1.5\nb: false\nz: null\n")]
    [InlineData("""{"n":1,"y":2}""", "\"n\": 1\n\"y\": 2\n")]
    [InlineData("""{"on":1}""", "\"on\": 1\n")]
    [InlineData("""{"l":[{"a":1,"b":[1,2]},[3]]}""", "l:\n- a: 1\n  b:\n  - 1\n  - 2\n- - 3\n")]
    [InlineData("""{"e":{},"a":[]}""", "e: {}\na: []\n")]
    [InlineData("{}", "{}\n")]
    public void ToYaml_Values_GoYamlStyle(string json, string expected)
    {
        Assert.Equal(expected, YamlJson.ToYaml(JsonNode.Parse(json)));
    }

    [Fact]
    public void ToYaml_Null_PrintsNull()
    {
        Assert.Equal("null\n", YamlJson.ToYaml(null));
    }
}
