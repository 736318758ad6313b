using KubeSharp.Controllers.CronJob;

namespace KubeSharp.Controllers.Tests.CronJob;

public class CronScheduleTests
{
    [Theory]
    [InlineData("*/15 * * * *", null, "2026-03-01T10:07:00Z", "2026-03-01T10:15:00Z")]
    [InlineData("0 9 * * 1-5", null, "2026-03-06T09:00:00Z", "2026-03-09T09:00:00Z")]
    [InlineData("0 9 * * MON-FRI", null, "2026-03-06T09:00:00Z", "2026-03-09T09:00:00Z")]
    [InlineData("30 2 1,15 * *", null, "2026-03-01T03:00:00Z", "2026-03-15T02:30:00Z")]
    [InlineData("0 0 1 jan,jul *", null, "2026-03-01T00:00:00Z", "2026-07-01T00:00:00Z")]
    [InlineData("5/20 * * * *", null, "2026-03-01T10:26:00Z", "2026-03-01T10:45:00Z")]
    [InlineData("0 0 13 * 5", null, "2026-03-01T00:00:00Z", "2026-03-06T00:00:00Z")]
    [InlineData("0 0 13 * ?", null, "2026-03-01T00:00:00Z", "2026-03-13T00:00:00Z")]
    [InlineData("@hourly", null, "2026-03-01T10:59:59Z", "2026-03-01T11:00:00Z")]
    [InlineData("@daily", null, "2026-03-01T10:00:00Z", "2026-03-02T00:00:00Z")]
    [InlineData("@weekly", null, "2026-03-02T00:00:00Z", "2026-03-08T00:00:00Z")]
    [InlineData("@monthly", null, "2026-03-02T00:00:00Z", "2026-04-01T00:00:00Z")]
    [InlineData("@yearly", null, "2026-03-02T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("@every 1h30m", null, "2026-03-01T10:00:00.500Z", "2026-03-01T11:30:00Z")]
    [InlineData("0 9 * * *", "Europe/Berlin", "2026-01-10T00:00:00Z", "2026-01-10T08:00:00Z")]
    [InlineData("0 9 * * *", "Europe/Berlin", "2026-07-10T00:00:00Z", "2026-07-10T07:00:00Z")]
    [InlineData("TZ=Asia/Tokyo 0 9 * * *", null, "2026-07-10T00:00:00Z", "2026-07-11T00:00:00Z")]
    public void Next_Table_ReturnsNextActivation(string spec, string? timeZone, string after, string expected)
    {
        Assert.True(CronSchedule.TryParse(spec, timeZone, out var schedule, out var error), error);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), schedule!.Next(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Next_SpringForwardGap_SkipsMissingWallClockTime()
    {
        CronSchedule.TryParse("30 2 * * *", "America/New_York", out var schedule, out _);

        // 2026-03-08 02:30 does not exist in New York; the next run is the following night (EDT, UTC-4).
        var next = schedule!.Next(DateTimeOffset.Parse("2026-03-08T05:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse("2026-03-09T06:30:00Z", System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void Next_FallBackRepeatedHour_FiresOnce()
    {
        CronSchedule.TryParse("30 1 * * *", "America/New_York", out var schedule, out _);

        var first = schedule!.Next(DateTimeOffset.Parse("2026-11-01T04:00:00Z", System.Globalization.CultureInfo.InvariantCulture))!.Value;
        var second = schedule.Next(first)!.Value;

        Assert.Equal(DateTimeOffset.Parse("2026-11-01T05:30:00Z", System.Globalization.CultureInfo.InvariantCulture), first);
        Assert.Equal(DateTimeOffset.Parse("2026-11-02T06:30:00Z", System.Globalization.CultureInfo.InvariantCulture), second);
    }

    [Theory]
    [InlineData("* * * *")]
    [InlineData("60 * * * *")]
    [InlineData("* * * * 7")]
    [InlineData("5-1 * * * *")]
    [InlineData("@fortnightly")]
    [InlineData("*/0 * * * *")]
    public void TryParse_Invalid_Fails(string spec)
        => Assert.False(CronSchedule.TryParse(spec, null, out _, out _));

    [Fact]
    public void TryParse_UnknownTimeZone_Fails()
        => Assert.False(CronSchedule.TryParse("* * * * *", "Mars/Olympus", out _, out _));

    [Fact]
    public void Next_ImpossibleDate_Null()
    {
        CronSchedule.TryParse("0 0 30 2 *", null, out var schedule, out _);

        Assert.Null(schedule!.Next(DateTimeOffset.UnixEpoch));
    }
}
