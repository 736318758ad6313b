using System.Text;
using Google.Protobuf;

namespace KubeSharp.ApiServer.Tests.OpenApi;

/// <summary>
/// A schema-less protobuf reader (like protoc --decode_raw): a message's fields by number, length-delimited values as bytes,
/// varints and fixed64 as numbers. Independent of the encoder's message tables, so tests check the wire layout itself.
/// </summary>
internal sealed class ProtoFields
{
    private readonly List<(int Field, object Value)> _fields = [];

    public ProtoFields(ReadOnlySpan<byte> message)
    {
        var input = new CodedInputStream(message.ToArray());
        while (!input.IsAtEnd)
        {
            var tag = input.ReadTag();
            var field = WireFormat.GetTagFieldNumber(tag);
            object value = WireFormat.GetTagWireType(tag) switch
            {
                WireFormat.WireType.Varint => input.ReadUInt64(),
                WireFormat.WireType.Fixed64 => input.ReadFixed64(),
                WireFormat.WireType.LengthDelimited => input.ReadBytes().ToByteArray(),
                WireFormat.WireType.Fixed32 => input.ReadFixed32(),
                var other => throw new InvalidDataException("unexpected wire type " + other),
            };
            _fields.Add((field, value));
        }
    }

    public IEnumerable<ProtoFields> Messages(int field) => _fields.Where(f => f.Field == field).Select(f => new ProtoFields((byte[])f.Value));

    public ProtoFields Message(int field) => Messages(field).Single();

    public IEnumerable<string> Strings(int field) => _fields.Where(f => f.Field == field).Select(f => Encoding.UTF8.GetString((byte[])f.Value));

    public string? String(int field) => Strings(field).SingleOrDefault();

    public ulong? Varint(int field) => _fields.Where(f => f.Field == field).Select(f => (ulong?)f.Value).SingleOrDefault();

    public double? Double(int field) =>
        _fields.Where(f => f.Field == field).Select(f => (double?)BitConverter.Int64BitsToDouble((long)(ulong)f.Value)).SingleOrDefault();

    public IReadOnlyList<int> FieldNumbers => [.. _fields.Select(f => f.Field)];

    /// <summary>The value message of the Named* entry (name = 1, value = 2) called <paramref name="name"/> in repeated field <paramref name="field"/>.</summary>
    public ProtoFields Named(int field, string name) => Messages(field).Single(entry => entry.String(1) == name).Message(2);

    public bool HasNamed(int field, string name) => Messages(field).Any(entry => entry.String(1) == name);
}
