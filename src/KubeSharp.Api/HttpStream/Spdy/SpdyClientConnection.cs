using System.Buffers.Binary;

namespace KubeSharp.Api.HttpStream.Spdy;

/// <summary>
/// The client end of a SPDY/3.1 connection over an upgraded HTTP connection, as much of it as the streaming protocols
/// (remotecommand, portforward) use: the client opens streams (odd ids) with header blocks, sends data with or without
/// FIN, and reads the server's frames. PINGs from the server are answered here. Flow control is not sent: the kubelet's
/// and containerd's spdystream do not enforce windows. Writes may come from several tasks; reads from one.
/// </summary>
public sealed class SpdyClientConnection(Stream stream) : IAsyncDisposable
{
    private const int Version = 3;
    private const int MaxDataLength = 0xFFFFFF;

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SpdyHeaderBlock _headers = new();
    private uint _nextStreamId = 1;

    /// <summary>Sends SYN_STREAM with the given headers and returns the new stream's id.</summary>
    public async Task<uint> OpenStreamAsync(IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var id = _nextStreamId;
            _nextStreamId += 2;
            var block = _headers.Encode(headers);
            var payload = new byte[10 + block.Length];
            BinaryPrimitives.WriteUInt32BigEndian(payload, id);
            // Associated-to stream 0, priority 0, slot 0.
            block.CopyTo(payload, 10);
            await WriteControlAsync(SpdyFrameKind.SynStream, 0, payload, cancellationToken).ConfigureAwait(false);
            return id;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends data on a stream; <paramref name="fin"/> half-closes it (an empty FIN frame is how stdin reaches EOF).</summary>
    public async Task WriteDataAsync(uint streamId, ReadOnlyMemory<byte> data, bool fin, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            do
            {
                var chunk = data[..Math.Min(data.Length, MaxDataLength)];
                data = data[chunk.Length..];
                var header = new byte[8];
                BinaryPrimitives.WriteUInt32BigEndian(header, streamId & 0x7FFFFFFF);
                BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)chunk.Length);
                header[4] = fin && data.IsEmpty ? SpdyFrame.FlagFin : (byte)0;
                await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
            while (!data.IsEmpty);

            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The next frame from the server other than a PING (answered here), or null when the connection ends.</summary>
    public async Task<SpdyFrame?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var header = new byte[8];
            if (!await ReadExactlyOrEndAsync(header, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var first = BinaryPrimitives.ReadUInt32BigEndian(header);
            var flags = header[4];
            var length = (int)(BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)) & 0xFFFFFF);
            var payload = new byte[length];
            if (!await ReadExactlyOrEndAsync(payload, cancellationToken).ConfigureAwait(false))
            {
                throw new IOException("the SPDY connection ended inside a frame");
            }

            if ((first & 0x80000000) == 0)
            {
                return new SpdyFrame(SpdyFrameKind.Data, first & 0x7FFFFFFF, flags, payload);
            }

            var kind = (SpdyFrameKind)(first & 0xFFFF);
            var id = payload.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7FFFFFFF : 0;
            if (kind == SpdyFrameKind.Ping)
            {
                await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await WriteControlAsync(SpdyFrameKind.Ping, 0, payload, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _writeLock.Release();
                }

                continue;
            }

            return new SpdyFrame(kind, id, flags, payload);
        }
    }

    public ValueTask DisposeAsync()
    {
        _writeLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WriteControlAsync(SpdyFrameKind kind, byte flags, byte[] payload, CancellationToken cancellationToken)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x80000000u | (Version << 16) | (uint)kind);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)payload.Length);
        header[4] = flags;
        await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> ReadExactlyOrEndAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer[read..], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return read == 0 ? false : throw new IOException("the SPDY connection ended inside a frame");
            }

            read += n;
        }

        return true;
    }
}
