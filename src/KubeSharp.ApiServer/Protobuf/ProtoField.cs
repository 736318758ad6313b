namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// One field of a message in the wire table: its number, its JSON name (empty when its message is inlined into the parent's
/// JSON, as Go's embedded structs are), its kind, and how Go would encode it as JSON.
/// </summary>
/// <param name="Kind">A scalar (string, bytes, bool, int32, int64, uint32, uint64, double, float), <c>msg:pkg.Type</c>, a
/// well-known type (<c>@Time</c>, <c>@Quantity</c> …) or <c>map:key:value</c>.</param>
/// <param name="Pointer">A Go pointer: when present on the wire it is set, even to a zero value.</param>
/// <param name="OmitEmpty">Go's omitempty: a zero value of a non-pointer field is left out of the JSON.</param>
internal sealed record ProtoField(int Number, string JsonName, string Kind, bool Repeated, bool Pointer, bool OmitEmpty)
{
    public bool Inline => JsonName.Length == 0;
}
