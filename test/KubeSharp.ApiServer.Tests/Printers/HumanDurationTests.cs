using KubeSharp.ApiServer.Printers;

namespace KubeSharp.ApiServer.Tests.Printers;

public class HumanDurationTests
{
    [Theory]
    [InlineData(-3, "<invalid>")]
    [InlineData(-1, "0s")]
    [InlineData(0, "0s")]
    [InlineData(59, "59s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(123, "2m3s")]
    [InlineData(599, "9m59s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 - 1, "179m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData(3 * 3600 + 20 * 60, "3h20m")]
    [InlineData(8 * 3600, "8h")]
    [InlineData(47 * 3600 + 59 * 60, "47h")]
    [InlineData(48 * 3600, "2d")]
    [InlineData(51 * 3600, "2d3h")]
    [InlineData(8 * 86400, "8d")]
    [InlineData(729 * 86400, "729d")]
    [InlineData(730 * 86400, "2y")]
    [InlineData((3 * 365 + 45) * 86400L, "3y45d")]
    [InlineData(8 * 365 * 86400L, "8y")]
    public void Format_Boundaries_MatchUpstream(long seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Format_FractionalSeconds_Truncates() =>
        Assert.Equal("1s", HumanDuration.Format(TimeSpan.FromMilliseconds(1999)));
}
