using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeSharp.Api.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KubeSharp.Api.Serialization;

/// <summary>
/// Walks YamlDotNet's parse events and builds JsonNodes the way sigs.k8s.io/yaml's YAMLToJSON does (go-yaml v2
/// typing, keys stringified, anchors and merge keys expanded), keeping key order and noting repeated keys.
/// </summary>
internal sealed partial class YamlToJsonReader
{
    private const string Prefix = "error converting YAML to JSON: ";
    private const string TagPrefix = "tag:yaml.org,2002:";

    private readonly IParser _parser;
    private readonly Dictionary<string, JsonNode?> _anchors = new(StringComparer.Ordinal);

    private YamlToJsonReader(string yaml) => _parser = new Parser(new StringReader(yaml));

    public List<YamlDuplicateKey> Duplicates { get; } = [];

    /// <summary>Reads the documents; stops after the first when <paramref name="firstOnly"/>.</summary>
    public static List<JsonNode?> Read(string yaml, bool firstOnly, List<YamlDuplicateKey>? duplicates)
    {
        var reader = new YamlToJsonReader(yaml);
        var documents = new List<JsonNode?>();
        try
        {
            reader._parser.Consume<StreamStart>();
            while (reader._parser.TryConsume<DocumentStart>(out _))
            {
                reader._anchors.Clear();
                documents.Add(reader.ReadNode());
                reader._parser.Consume<DocumentEnd>();
                if (firstOnly)
                {
                    break;
                }
            }
        }
        catch (YamlException e)
        {
            throw ApiException.BadRequest(
                $"{Prefix}yaml: line {e.Start.Line}, column {e.Start.Column}: {MarkPrefix().Replace(e.Message, "")}");
        }

        duplicates?.AddRange(reader.Duplicates);
        return documents;
    }

    private static ApiException Error(ParsingEvent at, string message) =>
        ApiException.BadRequest($"{Prefix}yaml: line {at.Start.Line}, column {at.Start.Column}: {message}");

    private JsonNode? ReadNode()
    {
        var current = _parser.Current ?? throw new YamlException("unexpected end of YAML");
        switch (current)
        {
            case AnchorAlias alias:
                _parser.MoveNext();
                return _anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target?.DeepClone()
                    : throw Error(alias, $"unknown anchor '{alias.Value.Value}' referenced");
            case Scalar scalar:
                _parser.MoveNext();
                return Remember(scalar.Anchor, ScalarToJson(scalar));
            case SequenceStart start:
                _parser.MoveNext();
                var array = new JsonArray();
                while (!_parser.TryConsume<SequenceEnd>(out _))
                {
                    array.Add(ReadNode());
                }

                return Remember(start.Anchor, array);
            case MappingStart start:
                _parser.MoveNext();
                return Remember(start.Anchor, ReadMapping());
            default:
                throw Error(current, $"unexpected {current.GetType().Name}");
        }
    }

    private JsonObject ReadMapping()
    {
        var obj = new JsonObject();
        var explicitKeys = new HashSet<string>(StringComparer.Ordinal);
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = _parser.Current!;
            if (keyEvent is Scalar { Value: "<<", Style: ScalarStyle.Plain, Tag.IsEmpty: true })
            {
                _parser.MoveNext();
                Merge(obj, explicitKeys, ReadNode(), keyEvent);
                continue;
            }

            var key = KeyString(keyEvent, ReadNode());
            var value = ReadNode();
            if (!explicitKeys.Add(key))
            {
                Duplicates.Add(new YamlDuplicateKey(checked((int)keyEvent.Start.Line), key));
            }

            obj[key] = value;
        }

        return obj;
    }

    /// <summary>YAML merge keys (<c>&lt;&lt;: *base</c>): merged entries never override keys given explicitly.</summary>
    private static void Merge(JsonObject target, HashSet<string> explicitKeys, JsonNode? source, ParsingEvent at)
    {
        var sources = source switch
        {
            JsonObject o => [o],
            JsonArray a when a.All(n => n is JsonObject) => a.Select(n => (JsonObject)n!).ToList(),
            _ => throw Error(at, "map merge requires map or sequence of maps as the value"),
        };
        foreach (var s in sources)
        {
            foreach (var (k, v) in s)
            {
                if (!explicitKeys.Contains(k) && !target.ContainsKey(k))
                {
                    target[k] = v?.DeepClone();
                }
            }
        }
    }

    /// <summary>Map keys become strings as sigs.k8s.io/yaml does: <c>true</c>, <c>1</c>; null and collections are refused.</summary>
    private static string KeyString(ParsingEvent at, JsonNode? key) => key switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<long>(out var l) => l.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<ulong>(out var u) => u.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<double>(out var d) => ((float)d).ToString("R", CultureInfo.InvariantCulture).ToLowerInvariant(),
        JsonValue v => v.ToJsonString(),
        null => throw Error(at, "unsupported map key: null"),
        _ => throw Error(at, "unsupported map key of type " + (key is JsonArray ? "sequence" : "mapping")),
    };

    private JsonNode? Remember(AnchorName anchor, JsonNode? node)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }

        return node;
    }

    private static JsonNode? ScalarToJson(Scalar scalar)
    {
        var tag = scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific ? "" : scalar.Tag.Value;
        if (tag.Length == 0)
        {
            return scalar.Style == ScalarStyle.Plain ? ToJson(scalar, YamlScalarResolver.Resolve(scalar.Value)) : scalar.Value;
        }

        var name = tag.StartsWith(TagPrefix, StringComparison.Ordinal) ? tag[TagPrefix.Length..] : tag;
        var resolved = YamlScalarResolver.Resolve(scalar.Value);
        return name switch
        {
            "str" => scalar.Value,
            "null" when resolved.Kind == YamlScalarKind.Null => null,
            "bool" when resolved.Kind == YamlScalarKind.Bool => ToJson(scalar, resolved),
            "int" when resolved.Kind is YamlScalarKind.Int or YamlScalarKind.UInt => ToJson(scalar, resolved),
            "float" when resolved.Kind is YamlScalarKind.Int or YamlScalarKind.UInt or YamlScalarKind.Float =>
                ToJson(scalar, (YamlScalarKind.Float, Convert.ToDouble(resolved.Value, CultureInfo.InvariantCulture))),
            "null" or "bool" or "int" or "float" => throw Error(scalar, $"cannot decode !!str `{scalar.Value}` as a !!{name}"),
            _ => scalar.Value,
        };
    }

    private static JsonNode? ToJson(Scalar at, (YamlScalarKind Kind, object? Value) resolved) => resolved.Kind switch
    {
        YamlScalarKind.Null => null,
        YamlScalarKind.Bool => JsonValue.Create((bool)resolved.Value!),
        YamlScalarKind.Int => JsonValue.Create((long)resolved.Value!),
        YamlScalarKind.UInt => JsonValue.Create((ulong)resolved.Value!),
        YamlScalarKind.Float => FloatToJson(at, (double)resolved.Value!),
        _ => JsonValue.Create((string)resolved.Value!),
    };

    // JSON has no NaN or infinity; upstream fails the same way (json: unsupported value).
    private static JsonNode FloatToJson(Scalar at, double value) =>
        double.IsFinite(value)
            ? JsonNode.Parse(GoNumberText.Float(value))!
            : throw Error(at, "json: unsupported value: " + (double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf"));

    [GeneratedRegex(@"^(\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): )+")]
    private static partial Regex MarkPrefix();
}
