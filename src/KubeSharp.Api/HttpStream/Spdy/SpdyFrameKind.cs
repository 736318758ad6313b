namespace KubeSharp.Api.HttpStream.Spdy;

/// <summary>SPDY/3.1 frame types (control frame type numbers from the draft-3 spec; Data is the non-control frame).</summary>
public enum SpdyFrameKind
{
    Data = 0,
    SynStream = 1,
    SynReply = 2,
    RstStream = 3,
    Settings = 4,
    Ping = 6,
    GoAway = 7,
    Headers = 8,
    WindowUpdate = 9,
}
