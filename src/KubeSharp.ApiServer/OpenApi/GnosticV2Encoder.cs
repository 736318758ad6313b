using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// Encodes a Swagger 2.0 JSON document as gnostic's openapi_v2.Document protobuf, the form kube-apiserver serves on /openapi/v2
/// to clients that ask for application/com.github.proto-openapi.spec.v2@v1.0+protobuf (kubectl does, for explain, client-side
/// validation and its fieldValidation check). Like gnostic, "x-" properties become NamedAny vendor extensions whose Any.yaml holds
/// the value as YAML text (JSON text here, which is a YAML flow document); properties gnostic does not know are left out.
/// </summary>
internal sealed class GnosticV2Encoder
{
    // One reusable buffer per nesting depth: a nested message is written into the next depth's buffer, then copied into its parent
    // behind its length.
    private readonly List<(MemoryStream Buffer, CodedOutputStream Output)> _levels = [];
    private int _depth;

    private GnosticV2Encoder()
    {
    }

    public static byte[] Encode(JsonObject document)
    {
        var encoder = new GnosticV2Encoder();
        var (buffer, output) = encoder.Enter();
        encoder.WriteFields(output, "Document", document);
        output.Flush();
        return buffer.ToArray();
    }

    private (MemoryStream Buffer, CodedOutputStream Output) Enter()
    {
        if (_depth == _levels.Count)
        {
            var buffer = new MemoryStream();
            _levels.Add((buffer, new CodedOutputStream(buffer, leaveOpen: true)));
        }

        var level = _levels[_depth++];
        level.Buffer.SetLength(0);
        return level;
    }

    private void WriteMessage(CodedOutputStream output, int field, string message, JsonNode? node)
    {
        var (buffer, inner) = Enter();
        WriteFields(inner, message, node);
        Leave(output, field, buffer, inner);
    }

    /// <summary>Ends the message being written at the current depth and writes it into <paramref name="output"/> as field <paramref name="field"/>.</summary>
    private void Leave(CodedOutputStream output, int field, MemoryStream buffer, CodedOutputStream inner)
    {
        inner.Flush();
        _depth--;
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)));
    }

    private void WriteFields(CodedOutputStream output, string message, JsonNode? node)
    {
        switch (message)
        {
            case "Any":
                WriteString(output, 2, Yaml(node));
                return;
            case "StringArray":
            case "TypeItem":
                WriteStrings(output, 1, node);
                return;
            case "ItemsItem":
                foreach (var schema in Items(node))
                {
                    WriteMessage(output, 1, "Schema", schema);
                }

                return;
            case "AdditionalPropertiesItem":
                if (node is JsonValue flag && flag.TryGetValue<bool>(out var allowed))
                {
                    output.WriteTag(2, WireFormat.WireType.Varint);
                    output.WriteBool(allowed);
                }
                else
                {
                    WriteMessage(output, 1, "Schema", node);
                }

                return;
            case "ParametersItem":
            case "ResponseValue":
                if (node?["$ref"] is not null)
                {
                    WriteMessage(output, 2, "JsonReference", node);
                }
                else
                {
                    WriteMessage(output, 1, message == "ParametersItem" ? "Parameter" : "Response", node);
                }

                return;
            case "Parameter":
                if (Text(node?["in"]) == "body")
                {
                    WriteMessage(output, 1, "BodyParameter", node);
                }
                else
                {
                    WriteMessage(output, 2, "NonBodyParameter", node);
                }

                return;
            case "NonBodyParameter":
                var (field, subSchema) = Text(node?["in"]) switch
                {
                    "header" => (1, "HeaderParameterSubSchema"),
                    "formData" => (2, "FormDataParameterSubSchema"),
                    "path" => (4, "PathParameterSubSchema"),
                    _ => (3, "QueryParameterSubSchema"),
                };
                WriteMessage(output, field, subSchema, node);
                return;
            case "SchemaItem":
                WriteMessage(output, Text(node?["type"]) == "file" ? 2 : 1, Text(node?["type"]) == "file" ? "FileSchema" : "Schema", node);
                return;
            case "SecurityDefinitionsItem":
                var (scheme, security) = (Text(node?["type"]), Text(node?["flow"])) switch
                {
                    ("basic", _) => (1, "BasicAuthenticationSecurity"),
                    ("oauth2", "implicit") => (3, "Oauth2ImplicitSecurity"),
                    ("oauth2", "password") => (4, "Oauth2PasswordSecurity"),
                    ("oauth2", "application") => (5, "Oauth2ApplicationSecurity"),
                    ("oauth2", _) => (6, "Oauth2AccessCodeSecurity"),
                    _ => (2, "ApiKeySecurity"),
                };
                WriteMessage(output, scheme, security, node);
                return;
        }

        if (node is not JsonObject obj)
        {
            return;
        }

        if (GnosticV2Messages.Maps.TryGetValue(message, out var map))
        {
            WriteMap(output, map, obj);
            return;
        }

        var layout = GnosticV2Messages.Messages[message];
        foreach (var (name, value) in obj)
        {
            if (layout.Fields.TryGetValue(name, out var field))
            {
                WriteField(output, field, value);
            }
        }

        if (layout.VendorExtension != 0)
        {
            WriteVendorExtensions(output, layout.VendorExtension, obj);
        }
    }

    private void WriteMap(CodedOutputStream output, GnosticMap map, JsonObject obj)
    {
        foreach (var (name, value) in obj)
        {
            if (map.VendorExtension != 0 && IsVendorExtension(name))
            {
                continue;
            }

            var (buffer, entry) = Enter();
            WriteString(entry, 1, name);
            if (map.ValueMessage == "string")
            {
                WriteString(entry, 2, Text(value) ?? "");
            }
            else
            {
                WriteMessage(entry, 2, map.ValueMessage, value);
            }

            Leave(output, map.EntryField, buffer, entry);
        }

        if (map.VendorExtension != 0)
        {
            WriteVendorExtensions(output, map.VendorExtension, obj);
        }
    }

    private void WriteVendorExtensions(CodedOutputStream output, int field, JsonObject obj)
    {
        foreach (var (name, value) in obj)
        {
            if (!IsVendorExtension(name))
            {
                continue;
            }

            var (buffer, entry) = Enter();
            WriteString(entry, 1, name);
            WriteMessage(entry, 2, "Any", value);
            Leave(output, field, buffer, entry);
        }
    }

    private void WriteField(CodedOutputStream output, GnosticField field, JsonNode? value)
    {
        switch (field.Kind)
        {
            case GnosticFieldKind.String:
                if (Text(value) is { Length: > 0 } text)
                {
                    WriteString(output, field.Number, text);
                }

                break;
            case GnosticFieldKind.Bool:
                if (value is JsonValue b && b.TryGetValue<bool>(out var flag) && flag)
                {
                    output.WriteTag(field.Number, WireFormat.WireType.Varint);
                    output.WriteBool(true);
                }

                break;
            case GnosticFieldKind.Double:
                if (Number(value) is { } number && number != 0)
                {
                    output.WriteTag(field.Number, WireFormat.WireType.Fixed64);
                    output.WriteDouble(number);
                }

                break;
            case GnosticFieldKind.Int64:
                if (Number(value) is { } integer && (long)integer != 0)
                {
                    output.WriteTag(field.Number, WireFormat.WireType.Varint);
                    output.WriteInt64((long)integer);
                }

                break;
            case GnosticFieldKind.Strings:
                WriteStrings(output, field.Number, value);
                break;
            case GnosticFieldKind.Message:
                WriteMessage(output, field.Number, field.Message!, value);
                break;
            case GnosticFieldKind.Messages:
                foreach (var item in Items(value))
                {
                    WriteMessage(output, field.Number, field.Message!, item);
                }

                break;
        }
    }

    private static void WriteStrings(CodedOutputStream output, int field, JsonNode? node)
    {
        foreach (var item in Items(node))
        {
            WriteString(output, field, Text(item) ?? "");
        }
    }

    private static void WriteString(CodedOutputStream output, int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    private static IEnumerable<JsonNode?> Items(JsonNode? node) => node is JsonArray array ? array : (IEnumerable<JsonNode?>)[node];

    private static bool IsVendorExtension(string name) => name.StartsWith("x-", StringComparison.Ordinal);

    // Read from the number's JSON text: nodes built in code hold CLR ints, longs or doubles that GetValue<double> will not convert.
    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string Yaml(JsonNode? node) => (node?.ToJsonString() ?? "null") + "\n";
}
