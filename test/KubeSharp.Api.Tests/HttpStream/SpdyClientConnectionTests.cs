using KubeSharp.Api.HttpStream.Spdy;

namespace KubeSharp.Api.Tests.HttpStream;

public sealed class SpdyClientConnectionTests
{
    [Fact]
    public async Task OpenStreamAndWriteData_FramesWithOddIdsAndFinFlag()
    {
        var output = new MemoryStream();
        await using var connection = new SpdyClientConnection(new DuplexStream(new MemoryStream(), output));
        Assert.Equal(1u, await connection.OpenStreamAsync([new("streamtype", "error")], CancellationToken.None));
        Assert.Equal(3u, await connection.OpenStreamAsync([new("streamtype", "stdin")], CancellationToken.None));
        await connection.WriteDataAsync(3, "abc"u8.ToArray(), fin: false, CancellationToken.None);
        await connection.WriteDataAsync(3, ReadOnlyMemory<byte>.Empty, fin: true, CancellationToken.None);

        // What the client wrote, read back by a connection: two SYN_STREAMs, then the data frames.
        await using var reader = new SpdyClientConnection(new DuplexStream(new MemoryStream(output.ToArray()), new MemoryStream()));
        var frames = new List<SpdyFrame>();
        while (await reader.ReadFrameAsync(CancellationToken.None) is { } frame)
        {
            frames.Add(frame);
        }

        Assert.Equal([SpdyFrameKind.SynStream, SpdyFrameKind.SynStream, SpdyFrameKind.Data, SpdyFrameKind.Data], frames.Select(f => f.Kind));
        Assert.Equal([1u, 3u, 3u, 3u], frames.Select(f => f.StreamId));
        Assert.Equal("abc"u8.ToArray(), frames[2].Payload);
        Assert.False(frames[2].IsFin);
        Assert.Empty(frames[3].Payload);
        Assert.True(frames[3].IsFin);
        Assert.Equal(0x80, output.ToArray()[0]);
        Assert.Equal(3, output.ToArray()[1]);
    }

    [Fact]
    public async Task ReadFrame_Ping_EchoedAndSkipped()
    {
        var input = new MemoryStream();
        input.Write([0x80, 0x03, 0x00, 0x06, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x02]);
        input.Write([0x00, 0x00, 0x00, 0x05, 0x01, 0x00, 0x00, 0x02, (byte)'h', (byte)'i']);
        input.Position = 0;
        var output = new MemoryStream();
        await using var connection = new SpdyClientConnection(new DuplexStream(input, output));

        var frame = await connection.ReadFrameAsync(CancellationToken.None);
        Assert.NotNull(frame);
        Assert.Equal(SpdyFrameKind.Data, frame.Kind);
        Assert.Equal(5u, frame.StreamId);
        Assert.True(frame.IsFin);
        Assert.Equal("hi"u8.ToArray(), frame.Payload);
        Assert.Equal(new byte[] { 0x80, 0x03, 0x00, 0x06, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x02 }, output.ToArray());
        Assert.Null(await connection.ReadFrameAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReadFrame_ConnectionEndsInsideFrame_IOException()
    {
        var input = new MemoryStream([0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x09, 1, 2]);
        await using var connection = new SpdyClientConnection(new DuplexStream(input, new MemoryStream()));
        await Assert.ThrowsAsync<IOException>(() => connection.ReadFrameAsync(CancellationToken.None));
    }

    /// <summary>Reads from one stream and writes to another, like one end of a socket.</summary>
    private sealed class DuplexStream(Stream input, Stream output) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => input.Read(buffer, offset, count);

        public override void Write(byte[] buffer, int offset, int count) => output.Write(buffer, offset, count);

        public override void Flush() => output.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
