using KubeSharp.Controllers.Common;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Controllers.Tests.ReplicaSet;

public sealed class ExpectationsTests
{
    [Fact]
    public void Satisfied_CreationsPendingUntilObserved_False()
    {
        var expectations = new Expectations(new FakeTimeProvider());
        expectations.ExpectCreations("ns/web", 2);
        expectations.CreationObserved("ns/web");

        Assert.False(expectations.Satisfied("ns/web"));
        expectations.CreationObserved("ns/web");
        Assert.True(expectations.Satisfied("ns/web"));
    }

    [Fact]
    public void Satisfied_OnlyTrackedDeletionsCount_TrueWhenAllObserved()
    {
        var expectations = new Expectations(new FakeTimeProvider());
        expectations.ExpectDeletions("ns/web", ["ns/a", "ns/b"]);
        expectations.DeletionObserved("ns/web", "ns/other");
        expectations.DeletionObserved("ns/web", "ns/a");

        Assert.False(expectations.Satisfied("ns/web"));
        expectations.DeletionObserved("ns/web", "ns/b");
        Assert.True(expectations.Satisfied("ns/web"));
    }

    [Fact]
    public void Satisfied_AfterTtl_True()
    {
        var time = new FakeTimeProvider();
        var expectations = new Expectations(time);
        expectations.ExpectCreations("ns/web", 5);

        time.Advance(Expectations.Ttl + TimeSpan.FromSeconds(1));

        Assert.True(expectations.Satisfied("ns/web"));
        Assert.True(expectations.Satisfied("ns/unknown"));
    }
}
