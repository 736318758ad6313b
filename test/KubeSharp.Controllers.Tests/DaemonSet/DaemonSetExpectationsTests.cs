using KubeSharp.Controllers.DaemonSet;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Controllers.Tests.DaemonSet;

public sealed class DaemonSetExpectationsTests
{
    [Fact]
    public void Satisfied_NoExpectations_True()
        => Assert.True(new DaemonSetExpectations(new FakeTimeProvider()).Satisfied("default/agent"));

    [Fact]
    public void Satisfied_UntilEveryCreationAndDeletionIsObserved_False()
    {
        var expectations = new DaemonSetExpectations(new FakeTimeProvider());
        expectations.Expect("default/agent", 2, 1);
        expectations.CreationObserved("default/agent");
        expectations.DeletionObserved("default/agent");
        Assert.False(expectations.Satisfied("default/agent"));

        expectations.CreationObserved("default/agent");
        Assert.True(expectations.Satisfied("default/agent"));
    }

    [Fact]
    public void Satisfied_AfterTheTtl_True()
    {
        var time = new FakeTimeProvider();
        var expectations = new DaemonSetExpectations(time);
        expectations.Expect("default/agent", 3, 0);
        time.Advance(DaemonSetExpectations.Ttl);
        Assert.False(expectations.Satisfied("default/agent"));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(expectations.Satisfied("default/agent"));
    }

    [Fact]
    public void Lower_SkippedCreations_NoLongerExpected()
    {
        var expectations = new DaemonSetExpectations(new FakeTimeProvider());
        expectations.Expect("default/agent", 3, 0);
        expectations.Lower("default/agent", 2, 0);
        expectations.CreationObserved("default/agent");
        Assert.True(expectations.Satisfied("default/agent"));
    }

    [Fact]
    public void Forget_PendingExpectations_Satisfied()
    {
        var expectations = new DaemonSetExpectations(new FakeTimeProvider());
        expectations.Expect("default/agent", 1, 0);
        expectations.Forget("default/agent");
        Assert.True(expectations.Satisfied("default/agent"));
    }
}
