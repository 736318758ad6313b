using System.Buffers;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// One reusable UTF-8 buffer per thread for JSON that is written and then copied or read at once (stored values, watch
/// bytes, typed views): a fresh growing buffer per object was gigabytes of garbage at scale. A nested use on the same
/// thread gets a buffer of its own.
/// </summary>
internal static class JsonBuffer
{
    private const int InitialSize = 4096;
    private const int MaxKeptSize = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>An empty buffer, the thread's own when it is free; give it back with <see cref="Return"/>.</summary>
    public static ArrayBufferWriter<byte> Rent()
    {
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(InitialSize);
        t_buffer = null;
        buffer.ResetWrittenCount();
        return buffer;
    }

    /// <summary>A copy of what was written, giving the buffer back.</summary>
    public static byte[] ToArrayAndReturn(ArrayBufferWriter<byte> buffer)
    {
        var bytes = buffer.WrittenSpan.ToArray();
        Return(buffer);
        return bytes;
    }

    /// <summary>Keeps the buffer for the thread's next use, unless an unusually large object grew it.</summary>
    public static void Return(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity <= MaxKeptSize)
        {
            t_buffer = buffer;
        }
    }
}
