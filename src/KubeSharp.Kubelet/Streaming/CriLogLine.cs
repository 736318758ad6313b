using System.Globalization;
using System.Text;

namespace KubeSharp.Kubelet.Streaming;

/// <summary>
/// One line of a CRI container log file: <c>&lt;RFC3339Nano time&gt; &lt;stdout|stderr&gt; &lt;P|F&gt; &lt;text&gt;</c>;
/// P marks a fragment of a longer line that continues in the next entry of the same stream.
/// </summary>
internal readonly record struct CriLogLine(string RawTime, DateTimeOffset Time, string Stream, bool Partial, byte[] Text)
{
    public static bool TryParse(ReadOnlySpan<byte> line, out CriLogLine parsed)
    {
        parsed = default;
        var first = line.IndexOf((byte)' ');
        if (first <= 0)
        {
            return false;
        }

        var rawTime = Encoding.ASCII.GetString(line[..first]);
        if (!DateTimeOffset.TryParse(rawTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return false;
        }

        var rest = line[(first + 1)..];
        var second = rest.IndexOf((byte)' ');
        if (second <= 0)
        {
            return false;
        }

        var stream = Encoding.ASCII.GetString(rest[..second]);
        rest = rest[(second + 1)..];
        // The tag is absent in logs written by very old runtimes; such lines are full lines.
        var partial = false;
        var third = rest.IndexOf((byte)' ');
        if (third >= 0 && rest[..third].IndexOf((byte)'P') >= 0 && third <= 3)
        {
            partial = true;
            rest = rest[(third + 1)..];
        }
        else if (third >= 0 && third <= 3 && rest[..third].IndexOf((byte)'F') >= 0)
        {
            rest = rest[(third + 1)..];
        }
        else if (rest.Length is 1 && rest[0] is (byte)'F' or (byte)'P')
        {
            partial = rest[0] == 'P';
            rest = [];
        }

        parsed = new CriLogLine(rawTime, time, stream, partial, rest.ToArray());
        return true;
    }
}
