using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;

namespace KubeSharp.Api.Serialization;

/// <summary>
/// YAML ⇄ JSON with sigs.k8s.io/yaml's semantics (what kubectl and the API server use): go-yaml v2 typing of plain
/// scalars (yes/no/on/off are booleans, timestamps stay strings, ints beyond int64 become uint64 or float), map keys
/// turned into strings, anchors and merge keys expanded. Unlike upstream, JSON objects keep the document's key
/// order instead of being sorted. Malformed YAML is a 400 BadRequest naming line and column.
/// </summary>
public static class YamlJson
{
    /// <summary>The first document of <paramref name="yaml"/> as JSON; null when empty or an explicit null.</summary>
    /// <exception cref="ApiException">400 BadRequest for malformed YAML.</exception>
    public static JsonNode? ToJson(string yaml) => YamlToJsonReader.Read(yaml, firstOnly: true, null) is [var first, ..] ? first : null;

    /// <summary>
    /// As <see cref="ToJson(string)"/>, also reporting keys repeated within one mapping (the later value wins
    /// in the result), which strict field validation turns into errors.
    /// </summary>
    public static JsonNode? ToJson(string yaml, out IReadOnlyList<YamlDuplicateKey> duplicateKeys)
    {
        var duplicates = new List<YamlDuplicateKey>();
        var documents = YamlToJsonReader.Read(yaml, firstOnly: true, duplicates);
        duplicateKeys = duplicates;
        return documents is [var first, ..] ? first : null;
    }

    /// <summary>All documents separated by <c>---</c>, skipping empty (null) ones.</summary>
    /// <exception cref="ApiException">400 BadRequest for malformed YAML.</exception>
    public static IReadOnlyList<JsonNode> ToJsonDocuments(string yaml) =>
        YamlToJsonReader.Read(yaml, firstOnly: false, null).OfType<JsonNode>().ToList();

    /// <summary>The keys repeated within a mapping anywhere in <paramref name="yaml"/> (all documents).</summary>
    public static IReadOnlyList<YamlDuplicateKey> FindDuplicateKeys(string yaml)
    {
        var duplicates = new List<YamlDuplicateKey>();
        YamlToJsonReader.Read(yaml, firstOnly: false, duplicates);
        return duplicates;
    }

    /// <summary>
    /// YAML for a JSON value, as go-yaml prints it (block style, 2-space indent, <c>- key: v</c> list items,
    /// block scalars for multi-line strings) but with keys in the JSON object's order. Ends with a newline.
    /// </summary>
    public static string ToYaml(JsonNode? node) => JsonToYamlWriter.Write(node);
}
