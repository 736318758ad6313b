using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using KubeSharp.Api.HttpStream.Spdy;

namespace KubeSharp.Api.Tests.HttpStream;

public sealed class SpdyHeaderBlockTests
{
    [Fact]
    public void Encode_FirstBlock_ZlibHeaderNamesTheSpdyDictionary()
    {
        var block = new SpdyHeaderBlock().Encode([new("streamtype", "error")]);
        Assert.Equal(0x78, block[0]);
        Assert.Equal(0, ((block[0] << 8) | block[1]) % 31);
        Assert.NotEqual(0, block[1] & 0x20);
        Assert.Equal(0xE3C6A7C2u, BinaryPrimitives.ReadUInt32BigEndian(block.AsSpan(2)));
    }

    [Fact]
    public void Encode_SuccessiveBlocks_InflateAsOneStreamToLowerCaseNameValuePairs()
    {
        var encoder = new SpdyHeaderBlock();
        var first = encoder.Encode([new("streamType", "stdin")]);
        var second = encoder.Encode([new("streamtype", "stdout"), new("port", "8080")]);
        Assert.NotEqual(0x78, second[0]);

        // Each block ends in a sync-flush marker so a receiver's inflater stops at the frame's end.
        Assert.Equal(new byte[] { 0, 0, 0, 0xFF, 0xFF }, first[^5..]);
        using var deflated = new MemoryStream([.. first[6..], .. second]);
        using var inflater = new DeflateStream(deflated, CompressionMode.Decompress);
        using var plain = new MemoryStream();
        inflater.CopyTo(plain);
        var bytes = plain.ToArray();
        var offset = 0;
        Assert.Equal([("streamtype", "stdin")], ReadPairs(bytes, ref offset));
        Assert.Equal([("streamtype", "stdout"), ("port", "8080")], ReadPairs(bytes, ref offset));
        Assert.Equal(bytes.Length, offset);
    }

    private static List<(string, string)> ReadPairs(byte[] bytes, ref int offset)
    {
        var count = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset));
        offset += 4;
        var pairs = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var name = ReadString(bytes, ref offset);
            pairs.Add((name, ReadString(bytes, ref offset)));
        }

        return pairs;
    }

    private static string ReadString(byte[] bytes, ref int offset)
    {
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset));
        var text = Encoding.UTF8.GetString(bytes, offset + 4, length);
        offset += 4 + length;
        return text;
    }
}
