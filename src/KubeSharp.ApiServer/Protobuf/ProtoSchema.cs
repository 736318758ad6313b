using System.Collections.Frozen;
using System.Globalization;

namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// The protobuf wire layout of the built-in API types (field numbers, JSON names, kinds), read from the embedded
/// wire-schema.txt, which scripts/gen-protobuf-schema.py derives from the protobuf tags of upstream's Go types.
/// </summary>
internal sealed class ProtoSchema
{
    private readonly FrozenDictionary<string, FrozenDictionary<int, ProtoField>> _messages;

    private ProtoSchema(FrozenDictionary<string, FrozenDictionary<int, ProtoField>> messages) => _messages = messages;

    public static ProtoSchema BuiltIn { get; } = Load();

    /// <summary>The fields of a message such as <c>apps/v1.Deployment</c>, or null when unknown.</summary>
    public FrozenDictionary<int, ProtoField>? Message(string name) => _messages.GetValueOrDefault(name);

    /// <summary>
    /// The message of a kind sent as <c>apiVersion</c> and <c>kind</c>: the Go package is the group's first label and the
    /// version ("v1" alone is core/v1); meta types such as DeleteOptions may come with any group's version.
    /// </summary>
    public string? MessageFor(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "core" : apiVersion[..slash].Split('.')[0];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        foreach (var candidate in new[] { $"{group}/{version}.{kind}", $"meta/v1.{kind}" })
        {
            if (_messages.ContainsKey(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static ProtoSchema Load()
    {
        using var stream = typeof(ProtoSchema).Assembly.GetManifestResourceStream("KubeSharp.ApiServer.Protobuf.wire-schema.txt")
            ?? throw new InvalidOperationException("wire-schema.txt is not embedded");
        using var reader = new StreamReader(stream);
        var messages = new Dictionary<string, FrozenDictionary<int, ProtoField>>(StringComparer.Ordinal);
        string? current = null;
        var fields = new Dictionary<int, ProtoField>();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            if (parts[0] == "M")
            {
                Flush();
                current = parts[1];
            }
            else if (parts[0] == "F" && parts.Length == 5)
            {
                var flags = parts[4].Split(',');
                var number = int.Parse(parts[1], CultureInfo.InvariantCulture);
                fields[number] = new ProtoField(number, parts[2] == "-inline" ? "" : parts[2], parts[3], flags.Contains("rep"), flags.Contains("ptr"),
                    flags.Contains("omit"));
            }
        }

        Flush();
        return new ProtoSchema(messages.ToFrozenDictionary(StringComparer.Ordinal));

        void Flush()
        {
            if (current is not null)
            {
                messages[current] = fields.ToFrozenDictionary();
            }

            fields = [];
        }
    }
}
