using System.Globalization;
using System.Text;

namespace KubeSharp.Api.HttpStream;

/// <summary>The status line and headers of an HTTP/1.1 response read off a raw connection, and the bytes read past them.</summary>
public sealed class HttpResponseHead
{
    private HttpResponseHead(int status, IReadOnlyList<(string Name, string Value)> headers, byte[] leftover)
    {
        Status = status;
        Headers = headers;
        Leftover = leftover;
    }

    public int Status { get; }

    public IReadOnlyList<(string Name, string Value)> Headers { get; }

    public byte[] Leftover { get; }

    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    public static async Task<HttpResponseHead> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        int end;
        while ((end = IndexOfEnd(buffer)) < 0)
        {
            var n = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new IOException("the backend closed the connection before responding");
            }

            buffer.AddRange(chunk.AsSpan(0, n));
            if (buffer.Count > 64 * 1024)
            {
                throw new IOException("the backend's response headers are too large");
            }
        }

        var text = Encoding.ASCII.GetString([.. buffer.Take(end)]);
        var lines = text.Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !int.TryParse(statusParts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var status))
        {
            throw new IOException($"malformed status line from the backend: {lines[0]}");
        }

        var headers = new List<(string, string)>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        return new HttpResponseHead(status, headers, [.. buffer.Skip(end + 4)]);
    }

    /// <summary>Copies the body that follows the head: by Content-Length, chunked, or until the backend closes.</summary>
    public async Task CopyBodyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var body = new PrefixedStream(Leftover, from);
        if (Header("Content-Length") is { } lengthText && long.TryParse(lengthText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var length))
        {
            var buffer = new byte[16 * 1024];
            while (length > 0)
            {
                var n = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    return;
                }

                await to.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                length -= n;
            }

            return;
        }

        if (string.Equals(Header("Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase))
        {
            await CopyChunkedAsync(body, to, cancellationToken).ConfigureAwait(false);
            return;
        }

        await body.CopyToAsync(to, cancellationToken).ConfigureAwait(false);
    }

    private static async Task CopyChunkedAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        while (true)
        {
            var sizeLine = await ReadLineAsync(from, cancellationToken).ConfigureAwait(false);
            var size = int.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return;
            }

            var data = new byte[size];
            await from.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
            await to.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            await ReadLineAsync(from, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<string> ReadLineAsync(Stream from, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await from.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 1 && one[0] != (byte)'\n')
        {
            if (one[0] != (byte)'\r')
            {
                line.Append((char)one[0]);
            }
        }

        return line.ToString();
    }

    private static int IndexOfEnd(List<byte> buffer)
    {
        for (var i = 3; i < buffer.Count; i++)
        {
            if (buffer[i - 3] == '\r' && buffer[i - 2] == '\n' && buffer[i - 1] == '\r' && buffer[i] == '\n')
            {
                return i - 3;
            }
        }

        return -1;
    }
}
