using System.Text.Json.Nodes;
using Google.Protobuf;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Protobuf;

namespace KubeSharp.ApiServer.Tests.Protobuf;

/// <summary>Bodies are built field by field with the upstream field numbers, as Go's generated marshallers write them.</summary>
public class ProtobufDecoderTests
{
    [Fact]
    public void Decode_Namespace_GivesJsonWithTypeMetaAndLabels()
    {
        var meta = Message(w =>
        {
            String(w, 1, "demo");
            String(w, 2, "");
            MapEntry(w, 11, "team", "a");
        });
        var body = Envelope("v1", "Namespace", Message(w => Bytes(w, 1, meta)));

        var obj = ProtobufDecoder.Decode(body, ProtoSchema.BuiltIn);

        Assert.Equal("v1", obj["apiVersion"]!.GetValue<string>());
        Assert.Equal("Namespace", obj["kind"]!.GetValue<string>());
        Assert.Equal("demo", obj["metadata"]!["name"]!.GetValue<string>());
        Assert.False(obj["metadata"]!.AsObject().ContainsKey("generateName"));
        Assert.Equal("a", obj["metadata"]!["labels"]!["team"]!.GetValue<string>());
    }

    [Fact]
    public void Decode_DeploymentWithZeroReplicas_KeepsPointerZeroDropsEmptyScalars()
    {
        var rollingUpdate = Message(w => Bytes(w, 2, Message(x =>
        {
            Varint(x, 1, 1);
            String(x, 3, "30%");
        })));
        var strategy = Message(w =>
        {
            String(w, 1, "RollingUpdate");
            Bytes(w, 2, rollingUpdate);
        });
        var container = Message(w =>
        {
            String(w, 1, "web");
            String(w, 2, "busybox");
            Bytes(w, 8, Message(r => MapEntry(r, 2, "cpu", Message(q => String(q, 1, "100m")))));
            Varint(w, 16, 0);
        });
        var spec = Message(w =>
        {
            Varint(w, 1, 0);
            Bytes(w, 3, Message(t => Bytes(t, 2, Message(p => Bytes(p, 2, container)))));
            Bytes(w, 4, strategy);
            Varint(w, 5, 0);
        });
        var body = Envelope("apps/v1", "Deployment", Message(w =>
        {
            Bytes(w, 1, Message(m => String(m, 1, "web")));
            Bytes(w, 2, spec);
        }));

        var obj = ProtobufDecoder.Decode(body, ProtoSchema.BuiltIn);

        var s = obj["spec"]!.AsObject();
        Assert.Equal(0, s["replicas"]!.GetValue<int>());
        Assert.False(s.ContainsKey("minReadySeconds"));
        Assert.Equal("30%", s["strategy"]!["rollingUpdate"]!["maxSurge"]!.GetValue<string>());
        var c = s["template"]!["spec"]!["containers"]![0]!.AsObject();
        Assert.Equal("busybox", c["image"]!.GetValue<string>());
        Assert.Equal("100m", c["resources"]!["requests"]!["cpu"]!.GetValue<string>());
        Assert.False(c.ContainsKey("stdin"));
    }

    [Fact]
    public void Decode_IntOrStringInteger_GivesNumber()
    {
        var rollingUpdate = Message(w => Bytes(w, 1, Message(x =>
        {
            Varint(x, 1, 0);
            Varint(x, 2, 2);
        })));
        var body = Envelope("apps/v1", "Deployment", Message(w => Bytes(w, 2, Message(s => Bytes(s, 4, Message(st => Bytes(st, 2, rollingUpdate)))))));

        var obj = ProtobufDecoder.Decode(body, ProtoSchema.BuiltIn);

        Assert.Equal(2, obj["spec"]!["strategy"]!["rollingUpdate"]!["maxUnavailable"]!.GetValue<int>());
    }

    [Fact]
    public void Decode_VolumeSource_IsInlinedIntoVolume()
    {
        var volume = Message(w =>
        {
            String(w, 1, "data");
            Bytes(w, 2, Message(vs => Bytes(vs, 2, Message(_ => { }))));
        });
        var body = Envelope("v1", "Pod", Message(w => Bytes(w, 2, Message(s => Bytes(s, 1, volume)))));

        var obj = ProtobufDecoder.Decode(body, ProtoSchema.BuiltIn);

        var v = obj["spec"]!["volumes"]![0]!.AsObject();
        Assert.Equal("data", v["name"]!.GetValue<string>());
        Assert.True(v["emptyDir"] is JsonObject);
        Assert.False(v.ContainsKey("volumeSource"));
    }

    [Fact]
    public void Decode_SecretData_IsBase64AndZeroTimeIsDropped()
    {
        var meta = Message(w =>
        {
            String(w, 1, "s");
            Bytes(w, 8, Message(_ => { }));
        });
        var body = Envelope("v1", "Secret", Message(w =>
        {
            Bytes(w, 1, meta);
            MapEntry(w, 2, "a", "b"u8.ToArray());
        }));

        var obj = ProtobufDecoder.Decode(body, ProtoSchema.BuiltIn);

        Assert.Equal("Yg==", obj["data"]!["a"]!.GetValue<string>());
        Assert.False(obj["metadata"]!.AsObject().ContainsKey("creationTimestamp"));
    }

    [Fact]
    public void Decode_SelfSubjectAccessReview_GivesResourceAttributes()
    {
        var attributes = Message(w =>
        {
            String(w, 2, "create");
            String(w, 5, "pods");
        });
        var body = Envelope("authorization.k8s.io/v1", "SelfSubjectAccessReview", Message(w => Bytes(w, 2, Message(s => Bytes(s, 1, attributes)))));

        var obj = ProtobufDecoder.Decode(body, ProtoSchema.BuiltIn);

        Assert.Equal("pods", obj["spec"]!["resourceAttributes"]!["resource"]!.GetValue<string>());
        Assert.Equal("create", obj["spec"]!["resourceAttributes"]!["verb"]!.GetValue<string>());
    }

    [Fact]
    public void Decode_WithoutMagic_BadRequest()
    {
        var e = Assert.Throws<ApiException>(() => ProtobufDecoder.Decode("{}"u8, ProtoSchema.BuiltIn));
        Assert.Equal(400, e.Code);
    }

    [Fact]
    public void Decode_TruncatedBody_BadRequest()
    {
        var body = Envelope("v1", "Namespace", Message(w => Bytes(w, 1, Message(m => String(m, 1, "demo")))));

        var e = Assert.Throws<ApiException>(() => ProtobufDecoder.Decode(body.AsSpan(0, body.Length - 3), ProtoSchema.BuiltIn));
        Assert.Equal(400, e.Code);
    }

    [Fact]
    public void Decode_UnknownKind_UnsupportedMediaType()
    {
        var e = Assert.Throws<ApiException>(() => ProtobufDecoder.Decode(Envelope("example.com/v1", "Widget", []), ProtoSchema.BuiltIn));
        Assert.Equal(415, e.Code);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(1_500_000_000, "1.5s")]
    [InlineData(300_000_000, "300ms")]
    [InlineData(3_723_000_000_000, "1h2m3s")]
    [InlineData(60_000_000_000, "1m0s")]
    public void GoDuration_FormatsAsGo(long nanoseconds, string expected) => Assert.Equal(expected, ProtobufDecoder.GoDuration(nanoseconds));

    private static byte[] Envelope(string apiVersion, string kind, byte[] raw)
    {
        var unknown = Message(w =>
        {
            Bytes(w, 1, Message(t =>
            {
                String(t, 1, apiVersion);
                String(t, 2, kind);
            }));
            Bytes(w, 2, raw);
        });
        return [0x6b, 0x38, 0x73, 0x00, .. unknown];
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(output);
        output.Flush();
        return stream.ToArray();
    }

    private static void String(CodedOutputStream w, int field, string value)
    {
        w.WriteTag(field, WireFormat.WireType.LengthDelimited);
        w.WriteString(value);
    }

    private static void Bytes(CodedOutputStream w, int field, byte[] value)
    {
        w.WriteTag(field, WireFormat.WireType.LengthDelimited);
        w.WriteBytes(ByteString.CopyFrom(value));
    }

    private static void Varint(CodedOutputStream w, int field, long value)
    {
        w.WriteTag(field, WireFormat.WireType.Varint);
        w.WriteInt64(value);
    }

    private static void MapEntry(CodedOutputStream w, int field, string key, string value) =>
        Bytes(w, field, Message(e =>
        {
            String(e, 1, key);
            String(e, 2, value);
        }));

    private static void MapEntry(CodedOutputStream w, int field, string key, byte[] value) =>
        Bytes(w, field, Message(e =>
        {
            String(e, 1, key);
            Bytes(e, 2, value);
        }));
}
