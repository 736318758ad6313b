using System.Text;

namespace KubeSharp.Kubelet.Streaming;

/// <summary>
/// Writes a container's CRI log file to a client as upstream's kubelet does: fragments joined into whole lines,
/// then sinceTime/sinceSeconds, tailLines, timestamps and limitBytes applied; with follow, new lines are written as
/// the runtime appends them until the container has exited (and the file is drained) or the client leaves.
/// </summary>
internal sealed class ContainerLogStreamer(ContainerLogOptions options, TimeProvider time, TimeSpan pollInterval)
{
    private readonly Dictionary<string, (string RawTime, DateTimeOffset Time, List<byte> Text)> _pending = new(StringComparer.Ordinal);
    private long _remaining = options.LimitBytes ?? long.MaxValue;

    /// <summary>Streams <paramref name="path"/> to <paramref name="output"/>; <paramref name="stillRunning"/> decides when following ends.</summary>
    public async Task CopyAsync(string path, Stream output, Func<CancellationToken, Task<bool>> stillRunning, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: true);
        var since = options.Since(time.GetUtcNow());
        var carry = new List<byte>();
        var lines = new List<(string RawTime, DateTimeOffset Time, byte[] Text)>();
        await ReadLinesAsync(file, carry, lines, cancellationToken).ConfigureAwait(false);
        IEnumerable<(string RawTime, DateTimeOffset Time, byte[] Text)> selected = since is { } s ? lines.Where(l => l.Time >= s) : lines;
        if (options.TailLines is { } tail)
        {
            var list = selected.ToList();
            selected = list.Skip(Math.Max(0, list.Count - (int)Math.Min(tail, int.MaxValue)));
        }

        if (!await WriteAsync(output, selected, cancellationToken).ConfigureAwait(false) || !options.Follow)
        {
            await WriteAsync(output, DrainPending(), cancellationToken).ConfigureAwait(false);
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var running = await stillRunning(cancellationToken).ConfigureAwait(false);
            lines.Clear();
            await ReadLinesAsync(file, carry, lines, cancellationToken).ConfigureAwait(false);
            if (!await WriteAsync(output, lines.Where(l => since is null || l.Time >= since), cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (!running)
            {
                await WriteAsync(output, DrainPending(), cancellationToken).ConfigureAwait(false);
                return;
            }

            await Task.Delay(pollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads what the file holds now; a last line without its newline waits in <paramref name="carry"/> for the next read.</summary>
    private async Task ReadLinesAsync(FileStream file, List<byte> carry, List<(string, DateTimeOffset, byte[])> lines, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var start = 0;
            for (var i = 0; i < n; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }

                carry.AddRange(buffer.AsSpan(start, i - start));
                Accept(carry.ToArray(), lines);
                carry.Clear();
                start = i + 1;
            }

            carry.AddRange(buffer.AsSpan(start, n - start));
        }
    }

    private void Accept(byte[] raw, List<(string, DateTimeOffset, byte[])> lines)
    {
        if (!CriLogLine.TryParse(raw, out var line))
        {
            return;
        }

        if (!_pending.TryGetValue(line.Stream, out var pending))
        {
            pending = (line.RawTime, line.Time, new List<byte>());
        }

        pending.Text.AddRange(line.Text);
        if (line.Partial)
        {
            _pending[line.Stream] = pending;
            return;
        }

        _pending.Remove(line.Stream);
        pending.Text.Add((byte)'\n');
        lines.Add((pending.RawTime, pending.Time, pending.Text.ToArray()));
    }

    private List<(string, DateTimeOffset, byte[])> DrainPending()
    {
        var rest = _pending.Values.Select(p => (p.RawTime, p.Time, p.Text.ToArray())).ToList();
        _pending.Clear();
        return rest;
    }

    /// <summary>Writes lines and flushes; false once limitBytes is used up.</summary>
    private async Task<bool> WriteAsync(Stream output, IEnumerable<(string RawTime, DateTimeOffset Time, byte[] Text)> lines, CancellationToken cancellationToken)
    {
        var wrote = false;
        foreach (var (rawTime, _, text) in lines)
        {
            var bytes = options.Timestamps ? [.. Encoding.ASCII.GetBytes(rawTime + " "), .. text] : text;
            var count = (int)Math.Min(bytes.Length, _remaining);
            await output.WriteAsync(bytes.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            wrote = true;
            _remaining -= count;
            if (_remaining <= 0)
            {
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }
        }

        if (wrote)
        {
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
