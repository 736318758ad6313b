using System.Buffers.Binary;
using System.Text;

namespace KubeSharp.Api.HttpStream.Spdy;

/// <summary>
/// SPDY/3 name/value header blocks as a sender writes them. The spec compresses every block of a connection with one
/// zlib stream primed with the SPDY/3 dictionary; a receiver (Go's spdystream in the kubelet and containerd) only
/// needs a valid zlib stream that names that dictionary. This writer emits the zlib header with the dictionary's id and
/// then each block as a stored (uncompressed) deflate block followed by a sync-flush marker, as zlib's Z_SYNC_FLUSH
/// ends a block: the receiver's inflater then stops exactly at the end of each frame. Header blocks are a few dozen
/// bytes, so not compressing them costs nothing that matters.
/// </summary>
public sealed class SpdyHeaderBlock
{
    /// <summary>Adler-32 of the SPDY/3 header dictionary (draft 3, section 2.6.10.1): the zlib DICTID receivers check.</summary>
    internal const uint DictionaryId = 0xE3C6A7C2;

    private bool _started;

    /// <summary>The compressed block for the next frame of this connection (blocks must be written in this order).</summary>
    public byte[] Encode(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var plain = Plain(headers);
        if (plain.Length > ushort.MaxValue)
        {
            throw new ArgumentException("SPDY header block too large", nameof(headers));
        }

        using var output = new MemoryStream();
        if (!_started)
        {
            // CMF 0x78 (deflate, 32K window); FLG 0xBB: FDICT set, FCHECK making CMF*256+FLG a multiple of 31.
            output.Write([0x78, 0xBB]);
            Span<byte> id = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(id, DictionaryId);
            output.Write(id);
            _started = true;
        }

        WriteStoredBlock(output, plain);
        WriteStoredBlock(output, []);
        return output.ToArray();
    }

    /// <summary>The uncompressed block: a count, then length-prefixed lower-case names and values (big-endian).</summary>
    internal static byte[] Plain(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        using var output = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)headers.Count);
        output.Write(length);
        foreach (var (name, value) in headers)
        {
            foreach (var part in new[] { Encoding.UTF8.GetBytes(name.ToLowerInvariant()), Encoding.UTF8.GetBytes(value) })
            {
                BinaryPrimitives.WriteUInt32BigEndian(length, (uint)part.Length);
                output.Write(length);
                output.Write(part);
            }
        }

        return output.ToArray();
    }

    private static void WriteStoredBlock(Stream output, ReadOnlySpan<byte> data)
    {
        // BFINAL 0, BTYPE 00, padded to the byte; then LEN and its one's complement, little-endian.
        Span<byte> head = stackalloc byte[5];
        head[0] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(head[1..], (ushort)data.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(head[3..], (ushort)~data.Length);
        output.Write(head);
        output.Write(data);
    }
}
