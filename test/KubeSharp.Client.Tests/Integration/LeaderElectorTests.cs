using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Client.Tests.Integration;

[Collection(ServerCollection.Name)]
public sealed class LeaderElectorTests(ClientServerFixture fixture)
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RunAsync_TwoCandidates_OneLeadsAndTheOtherTakesOverWhenItStops()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var leaders = new List<string>();
        var firstLeads = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondLeads = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        // No release on cancel: the survivor must wait for the lease to expire, as after a crash.
        var a = Elector(ns, "a");
        var b = Elector(ns, "b");

        var runA = a.RunAsync(ct => LeadAsync("a", ct), stopA.Token);
        var runB = b.RunAsync(ct => LeadAsync("b", ct), stopB.Token);
        var first = await firstLeads.Task.WaitAsync(Guard);
        // Several renew periods pass: the other candidate must not lead meanwhile.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(secondLeads.Task.IsCompleted);
        var (leader, follower) = first == "a" ? (a, b) : (b, a);
        Assert.True(leader.IsLeader);
        Assert.False(follower.IsLeader);

        await (first == "a" ? stopA : stopB).CancelAsync();
        await (first == "a" ? runA : runB).WaitAsync(Guard);
        var second = await secondLeads.Task.WaitAsync(Guard);

        Assert.NotEqual(first, second);
        Assert.True(follower.IsLeader);
        Assert.False(leader.IsLeader);
        var lease = await fixture.Client.CoordinationV1.ReadNamespacedLeaseAsync("test-lease", ns);
        Assert.Equal(second, lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
        Assert.Equal(2, lease.Spec.LeaseDurationSeconds);
        await stopA.CancelAsync();
        await stopB.CancelAsync();
        await Task.WhenAll(runA, runB).WaitAsync(Guard);
        Assert.Equal(2, leaders.Count);

        async Task LeadAsync(string identity, CancellationToken leading)
        {
            lock (leaders)
            {
                leaders.Add(identity);
                (leaders.Count == 1 ? firstLeads : secondLeads).TrySetResult(identity);
            }

            await Task.Delay(Timeout.Infinite, leading);
        }
    }

    [Fact]
    public async Task RunAsync_CancelledWhileLeading_ReleasesLease()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var leading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var elector = new LeaderElector(fixture.Client, ns, "test-lease", "a", TimeProvider.System, NullLogger.Instance)
        {
            LeaseDuration = TimeSpan.FromSeconds(2),
            RenewDeadline = TimeSpan.FromSeconds(1.5),
            RetryPeriod = TimeSpan.FromMilliseconds(300),
        };

        var run = elector.RunAsync(async ct =>
        {
            leading.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }, stop.Token);
        await leading.Task.WaitAsync(Guard);
        await stop.CancelAsync();
        await run.WaitAsync(Guard);

        var lease = await fixture.Client.CoordinationV1.ReadNamespacedLeaseAsync("test-lease", ns);
        Assert.Null(lease.Spec.HolderIdentity);
        Assert.False(elector.IsLeader);
    }

    private LeaderElector Elector(string ns, string identity) =>
        new(fixture.Client, ns, "test-lease", identity, TimeProvider.System, NullLogger.Instance)
        {
            LeaseDuration = TimeSpan.FromSeconds(2),
            RenewDeadline = TimeSpan.FromSeconds(1.5),
            RetryPeriod = TimeSpan.FromMilliseconds(300),
            ReleaseOnCancel = false,
        };
}
