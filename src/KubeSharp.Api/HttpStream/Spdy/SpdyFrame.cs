namespace KubeSharp.Api.HttpStream.Spdy;

/// <summary>
/// One frame read off a SPDY/3.1 connection. <see cref="StreamId"/> is the stream the frame belongs to (for PING the
/// ping id, for GOAWAY the last good stream id); <see cref="Payload"/> is a data frame's data, or a control frame's
/// bytes after its header.
/// </summary>
public sealed record SpdyFrame(SpdyFrameKind Kind, uint StreamId, byte Flags, byte[] Payload)
{
    /// <summary>FLAG_FIN: the sender will send nothing more on this stream (data, SYN_STREAM and SYN_REPLY frames).</summary>
    public const byte FlagFin = 0x01;

    public bool IsFin => (Flags & FlagFin) != 0;
}
