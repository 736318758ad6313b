using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KubeSharp.Api.Serialization;

/// <summary>
/// Writes JSON as YAML in the shape go-yaml v2 gives kubectl's output: block style, 2-space indent, list items at
/// their parent key's indent, strings quoted only when plain text would read back as something else.
/// </summary>
internal static class JsonToYamlWriter
{
    public static string Write(JsonNode? node)
    {
        var writer = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, false, false, "\n", false));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                Plain(emitter, "null");
                break;
            case JsonObject obj:
                var objStyle = obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block;
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, objStyle));
                foreach (var (key, value) in obj)
                {
                    EmitString(emitter, key);
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                var arrayStyle = array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block;
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, arrayStyle));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        EmitString(emitter, value.TryGetValue<string>(out var s)
                            ? s
                            : JsonDocument.Parse(value.ToJsonString()).RootElement.GetString()!);
                        break;
                    case JsonValueKind.True:
                        Plain(emitter, "true");
                        break;
                    case JsonValueKind.False:
                        Plain(emitter, "false");
                        break;
                    case JsonValueKind.Null:
                        Plain(emitter, "null");
                        break;
                    default:
                        Plain(emitter, value.ToJsonString());
                        break;
                }

                break;
        }
    }

    private static void Plain(IEmitter emitter, string text) =>
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, true, false));

    private static void EmitString(IEmitter emitter, string text)
    {
        // The emitter itself falls back from plain to single quotes when plain is not allowed (": ", " #", ...).
        var style = text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : YamlScalarResolver.ReadsBackAsString(text) ? ScalarStyle.Plain
            : ScalarStyle.DoubleQuoted;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, style, true, true));
    }
}
