using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Client.Tests.Events;

public class EventSpamFilterTests
{
    [Fact]
    public void Allow_BurstOf25PerObject_ThenOnePerFiveMinutes()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-24T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var filter = new EventSpamFilter(time);

        var allowed = Enumerable.Range(0, 30).Count(_ => filter.Allow("rs/web"));
        Assert.Equal(25, allowed);
        Assert.True(filter.Allow("rs/other"));

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.False(filter.Allow("rs/web"));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(filter.Allow("rs/web"));
        Assert.False(filter.Allow("rs/web"));
    }
}
