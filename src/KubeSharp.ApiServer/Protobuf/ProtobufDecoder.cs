using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// Turns a request body in Kubernetes' protobuf encoding (<c>application/vnd.kubernetes.protobuf</c>: the "k8s\0" magic,
/// then a runtime.Unknown envelope holding apiVersion, kind and the object's bytes) into the JSON that Go's encoding/json
/// would give for the same object, so the rest of the server sees what a JSON client would have sent. kubectl 1.32 and
/// later send typed objects this way (create generators, auth can-i …).
/// </summary>
internal static class ProtobufDecoder
{
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    /// <summary>Go's zero time (0001-01-01T00:00:00Z) in Unix seconds: metav1.Time encodes it as an empty message.</summary>
    private const long GoZeroTimeSeconds = -62135596800;

    public static JsonObject Decode(ReadOnlySpan<byte> body, ProtoSchema schema)
    {
        if (!body.StartsWith(Magic))
        {
            throw ApiException.BadRequest("the body of the request is not Kubernetes protobuf: it lacks the \"k8s\\x00\" prefix");
        }

        try
        {
            return DecodeUnknown(body[Magic.Length..].ToArray(), schema);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw ApiException.BadRequest($"the body of the request could not be decoded as protobuf: {e.Message}");
        }
    }

    private static JsonObject DecodeUnknown(byte[] envelope, ProtoSchema schema)
    {
        string apiVersion = "", kind = "";
        ByteString raw = ByteString.Empty;
        var input = new CodedInputStream(envelope);
        while (input.ReadTag() is var tag and not 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    var typeMeta = new CodedInputStream(input.ReadBytes().ToByteArray());
                    while (typeMeta.ReadTag() is var t and not 0)
                    {
                        switch (WireFormat.GetTagFieldNumber(t))
                        {
                            case 1: apiVersion = typeMeta.ReadString(); break;
                            case 2: kind = typeMeta.ReadString(); break;
                            default: typeMeta.SkipLastField(); break;
                        }
                    }

                    break;
                case 2:
                    raw = input.ReadBytes();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        var message = schema.MessageFor(apiVersion, kind)
            ?? throw ApiException.UnsupportedMediaType($"application/vnd.kubernetes.protobuf (no protobuf encoding is known for {apiVersion}, Kind={kind})");
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        DecodeMessage(raw.Span, message, schema, obj);
        return obj;
    }

    private static void DecodeMessage(ReadOnlySpan<byte> bytes, string message, ProtoSchema schema, JsonObject into)
    {
        var fields = schema.Message(message) ?? throw ApiException.BadRequest($"no protobuf layout is known for {message}");
        var input = new CodedInputStream(bytes.ToArray());
        var seen = new List<ProtoField>();
        while (input.ReadTag() is var tag and not 0)
        {
            if (!fields.TryGetValue(WireFormat.GetTagFieldNumber(tag), out var field))
            {
                input.SkipLastField();
                continue;
            }

            var wire = WireFormat.GetTagWireType(tag);
            if (field.Inline)
            {
                DecodeMessage(input.ReadBytes().Span, field.Kind[4..], schema, into);
                continue;
            }

            if (!seen.Contains(field))
            {
                seen.Add(field);
            }

            if (field.Kind.StartsWith("map:", StringComparison.Ordinal))
            {
                var map = into[field.JsonName] as JsonObject ?? [];
                into[field.JsonName] = map;
                var (key, value) = DecodeMapEntry(input.ReadBytes().Span, field.Kind, schema);
                map[key] = value;
            }
            else if (field.Repeated)
            {
                var array = into[field.JsonName] as JsonArray ?? [];
                into[field.JsonName] = array;
                if (wire == WireFormat.WireType.LengthDelimited && IsPackable(field.Kind))
                {
                    var packed = new CodedInputStream(input.ReadBytes().ToByteArray());
                    while (!packed.IsAtEnd)
                    {
                        array.Add(ReadScalar(packed, field.Kind));
                    }
                }
                else
                {
                    array.Add(ReadValue(input, field.Kind, schema));
                }
            }
            else
            {
                into[field.JsonName] = ReadValue(input, field.Kind, schema);
            }
        }

        foreach (var field in seen)
        {
            var value = into[field.JsonName];
            if (value is null || (field.OmitEmpty && !field.Pointer && IsEmpty(value)))
            {
                into.Remove(field.JsonName);
            }
        }
    }

    private static (string Key, JsonNode? Value) DecodeMapEntry(ReadOnlySpan<byte> bytes, string kind, ProtoSchema schema)
    {
        var parts = kind.Split(':', 3);
        var input = new CodedInputStream(bytes.ToArray());
        string key = "";
        JsonNode? value = EmptyValue(parts[2]);
        while (input.ReadTag() is var tag and not 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: key = ReadScalar(input, parts[1])?.ToString() ?? ""; break;
                case 2: value = ReadValue(input, parts[2], schema); break;
                default: input.SkipLastField(); break;
            }
        }

        return (key, value);
    }

    private static JsonNode? ReadValue(CodedInputStream input, string kind, ProtoSchema schema)
    {
        if (kind.StartsWith("msg:", StringComparison.Ordinal))
        {
            var obj = new JsonObject();
            DecodeMessage(input.ReadBytes().Span, kind[4..], schema, obj);
            return obj;
        }

        return kind[0] == '@' ? ReadWellKnown(input.ReadBytes().ToByteArray(), kind, schema) : ReadScalar(input, kind);
    }

    private static JsonNode? ReadScalar(CodedInputStream input, string kind) => kind switch
    {
        "string" => JsonValue.Create(input.ReadString()),
        "bytes" => JsonValue.Create(Convert.ToBase64String(input.ReadBytes().Span)),
        "bool" => JsonValue.Create(input.ReadBool()),
        "int32" => JsonValue.Create(input.ReadInt32()),
        "int64" => JsonValue.Create(input.ReadInt64()),
        "uint32" => JsonValue.Create(input.ReadUInt32()),
        "uint64" => JsonValue.Create(input.ReadUInt64()),
        "double" => JsonValue.Create(input.ReadDouble()),
        "float" => JsonValue.Create(input.ReadFloat()),
        _ => throw ApiException.BadRequest($"unsupported protobuf field kind {kind}"),
    };

    private static JsonNode? ReadWellKnown(byte[] bytes, string kind, ProtoSchema schema)
    {
        var input = new CodedInputStream(bytes);
        long seconds = 0, number = 0;
        int nanos = 0;
        string text = "";
        ByteString raw = ByteString.Empty;
        var isString = false;
        while (input.ReadTag() is var tag and not 0)
        {
            var n = WireFormat.GetTagFieldNumber(tag);
            switch (kind, n)
            {
                case ("@Time" or "@MicroTime", 1): seconds = input.ReadInt64(); break;
                case ("@Time" or "@MicroTime", 2): nanos = input.ReadInt32(); break;
                case ("@Quantity", 1): text = input.ReadString(); break;
                case ("@Duration", 1): number = input.ReadInt64(); break;
                case ("@IntOrString", 1): isString = input.ReadInt64() == 1; break;
                case ("@IntOrString", 2): number = input.ReadInt32(); break;
                case ("@IntOrString", 3): text = input.ReadString(); break;
                case ("@FieldsV1" or "@RawExtension", 1): raw = input.ReadBytes(); break;
                default: input.SkipLastField(); break;
            }
        }

        switch (kind)
        {
            case "@Time" or "@MicroTime":
                if (seconds == 0 && nanos == 0 || seconds == GoZeroTimeSeconds)
                {
                    return null;
                }

                var time = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100);
                return JsonValue.Create(time.UtcDateTime.ToString(kind == "@Time" ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'",
                    CultureInfo.InvariantCulture));
            case "@Quantity":
                return JsonValue.Create(text);
            case "@Duration":
                return JsonValue.Create(GoDuration(number));
            case "@IntOrString":
                return isString ? JsonValue.Create(text) : JsonValue.Create((int)number);
            default:
                return RawJson(raw, schema);
        }
    }

    /// <summary>Embedded raw bytes: JSON as is, or a nested protobuf object.</summary>
    private static JsonNode? RawJson(ByteString raw, ProtoSchema schema)
    {
        if (raw.IsEmpty)
        {
            return null;
        }

        if (raw.Span.StartsWith(Magic))
        {
            return Decode(raw.Span, schema);
        }

        try
        {
            return JsonNode.Parse(raw.Span);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"embedded object is neither JSON nor protobuf: {e.Message}");
        }
    }

    private static bool IsPackable(string kind) => kind is "bool" or "int32" or "int64" or "uint32" or "uint64" or "double" or "float";

    private static JsonNode? EmptyValue(string kind) => kind switch
    {
        "string" or "bytes" or "@Quantity" => JsonValue.Create(""),
        _ when kind.StartsWith("msg:", StringComparison.Ordinal) => new JsonObject(),
        _ => null,
    };

    /// <summary>Go's notion of an empty value for omitempty: false, 0, "", and empty maps and slices (structs never are).</summary>
    private static bool IsEmpty(JsonNode value) => value switch
    {
        JsonArray a => a.Count == 0,
        JsonObject => false,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>().Length == 0,
            JsonValueKind.False => true,
            JsonValueKind.Number => v.ToJsonString() is "0" or "0.0",
            _ => false,
        },
        _ => false,
    };

    /// <summary>Go's time.Duration.String: "1h2m3.5s", "300ms", "0s".</summary>
    public static string GoDuration(long nanoseconds)
    {
        if (nanoseconds == 0)
        {
            return "0s";
        }

        var sign = nanoseconds < 0 ? "-" : "";
        var abs = (ulong)Math.Abs(nanoseconds);
        if (abs < 1_000_000_000)
        {
            return abs switch
            {
                < 1_000 => $"{sign}{abs}ns",
                < 1_000_000 => sign + Fraction(abs, 1_000) + "µs",
                _ => sign + Fraction(abs, 1_000_000) + "ms",
            };
        }

        var builder = new StringBuilder(sign);
        var hours = abs / 3_600_000_000_000;
        var minutes = abs / 60_000_000_000 % 60;
        if (hours > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }

        if (hours > 0 || minutes > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{minutes}m");
        }

        return builder.Append(Fraction(abs % 60_000_000_000, 1_000_000_000)).Append('s').ToString();
    }

    private static string Fraction(ulong value, ulong unit)
    {
        var whole = value / unit;
        var rest = value % unit;
        if (rest == 0)
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }

        var digits = unit.ToString(CultureInfo.InvariantCulture).Length - 1;
        return whole.ToString(CultureInfo.InvariantCulture) + "." + rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
    }
}
