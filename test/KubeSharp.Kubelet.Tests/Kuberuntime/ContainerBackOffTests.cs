using KubeSharp.Kubelet.Kuberuntime;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Kubelet.Tests.Kuberuntime;

public sealed class ContainerBackOffTests
{
    [Fact]
    public void Next_RepeatedFailures_DoublesUpToFiveMinutes()
    {
        var time = new FakeTimeProvider();
        var backOff = ContainerBackOff.CrashLoop(time);
        var delays = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            backOff.Next("k", time.GetUtcNow());
            delays.Add(GoDuration.Format(backOff.Get("k")));
            time.Advance(backOff.Get("k"));
        }

        Assert.Equal(["10s", "20s", "40s", "1m20s", "2m40s", "5m0s", "5m0s"], delays);
    }

    [Fact]
    public void IsInBackOffSince_WithinAndAfterDelay()
    {
        var time = new FakeTimeProvider();
        var backOff = ContainerBackOff.CrashLoop(time);
        var died = time.GetUtcNow();
        backOff.Next("k", died);

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.True(backOff.IsInBackOffSince("k", died));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(backOff.IsInBackOffSince("k", died));
    }

    [Fact]
    public void Next_AfterTenMinutesQuiet_StartsAgainAtTenSeconds()
    {
        var time = new FakeTimeProvider();
        var backOff = ContainerBackOff.CrashLoop(time);
        backOff.Next("k", time.GetUtcNow());
        backOff.Next("k", time.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(20), backOff.Get("k"));

        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        backOff.Next("k", time.GetUtcNow());

        Assert.Equal(TimeSpan.FromSeconds(10), backOff.Get("k"));
    }
}
