using System.Text;
using KubeSharp.Kubelet.Streaming;

namespace KubeSharp.Kubelet.Tests.Streaming;

public sealed class CriLogLineTests
{
    [Theory]
    [InlineData("2024-05-01T10:00:00.123456789Z stdout F hello world", "stdout", false, "hello world")]
    [InlineData("2024-05-01T10:00:00.123456789Z stderr P part", "stderr", true, "part")]
    [InlineData("2024-05-01T10:00:00.123456789+02:00 stdout F ", "stdout", false, "")]
    public void TryParse_CriLine_SplitsTimeStreamTagAndText(string raw, string stream, bool partial, string text)
    {
        Assert.True(CriLogLine.TryParse(Encoding.UTF8.GetBytes(raw), out var line));
        Assert.Equal(stream, line.Stream);
        Assert.Equal(partial, line.Partial);
        Assert.Equal(text, Encoding.UTF8.GetString(line.Text));
        Assert.Equal(raw.Split(' ')[0], line.RawTime);
    }

    [Fact]
    public void TryParse_NotACriLine_False() => Assert.False(CriLogLine.TryParse("garbage"u8, out _));
}
