using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Client.Tests.Events;

public sealed class EventCorrelatorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Fact]
    public void Correlate_SameKeyWithinWindow_IncrementsCountOfSameEvent()
    {
        var correlator = new EventCorrelator(_time);

        var first = correlator.Correlate("k", "pod-a");
        _time.Advance(TimeSpan.FromMinutes(9));
        var second = correlator.Correlate("k", "pod-a");

        Assert.True(first.IsNew);
        Assert.Equal(1, first.Count);
        Assert.False(second.IsNew);
        Assert.Equal(2, second.Count);
        Assert.Equal(first.Name, second.Name);
        Assert.Equal(first.FirstTimestamp, second.FirstTimestamp);
        Assert.Equal(_time.GetUtcNow(), second.LastTimestamp);
    }

    [Fact]
    public void Correlate_AfterWindow_CreatesNewEvent()
    {
        var correlator = new EventCorrelator(_time);

        var first = correlator.Correlate("k", "pod-a");
        _time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var second = correlator.Correlate("k", "pod-a");

        Assert.True(second.IsNew);
        Assert.Equal(1, second.Count);
        Assert.NotEqual(first.Name, second.Name);
    }

    [Fact]
    public void Correlate_DifferentKeysSameInstant_DistinctNamesWithHexNanos()
    {
        var correlator = new EventCorrelator(_time);

        var a = correlator.Correlate("k1", "pod-a");
        var b = correlator.Correlate("k2", "pod-a");

        var nanos = (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        Assert.Equal($"pod-a.{nanos:x}", a.Name);
        Assert.NotEqual(a.Name, b.Name);
        Assert.True(b.IsNew);
    }

    [Fact]
    public void Forget_ThenCorrelate_CreatesNewEvent()
    {
        var correlator = new EventCorrelator(_time);
        correlator.Correlate("k", "pod-a");

        correlator.Forget("k");

        Assert.True(correlator.Correlate("k", "pod-a").IsNew);
    }
}
