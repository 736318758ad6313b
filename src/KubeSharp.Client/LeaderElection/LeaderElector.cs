using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Client;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: acquire when the lease is free or its holder has not
/// renewed for <see cref="LeaseDuration"/> (measured on the local clock from when this elector last saw the lease change), renew
/// every <see cref="RetryPeriod"/>, and stop leading (cancel the leader's token) when renewal has failed for <see cref="RenewDeadline"/>.
/// Writes use the lease's resourceVersion, so two candidates can never both win one round.
/// </summary>
public sealed class LeaderElector
{
    private readonly IKubernetes _client;
    private readonly string _namespace;
    private readonly string _name;
    private readonly string _identity;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private string? _observedResourceVersion;
    private long _observedAt;
    private volatile bool _isLeader;

    public LeaderElector(IKubernetes client, string leaseNamespace, string leaseName, string identity, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(leaseNamespace);
        ArgumentException.ThrowIfNullOrEmpty(leaseName);
        ArgumentException.ThrowIfNullOrEmpty(identity);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _namespace = leaseNamespace;
        _name = leaseName;
        _identity = identity;
        _time = time;
        _logger = logger;
    }

    /// <summary>How long a holder's claim is respected after its last observed renewal.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leading. Must be less than <see cref="LeaseDuration"/>.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The interval between acquire or renew attempts.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>When the run is cancelled while leading, hand the lease back at once so another candidate need not wait it out.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    public bool IsLeader => _isLeader;

    public string Identity => _identity;

    /// <summary>
    /// Campaigns until <paramref name="cancellationToken"/> is cancelled. Each time leadership is won, <paramref name="onStartedLeading"/>
    /// runs with a token that is cancelled when leadership is lost or the run is cancelled; after losing, the elector waits for the
    /// callback to finish and campaigns again. Returns normally on cancellation.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> onStartedLeading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onStartedLeading);
        if (RenewDeadline >= LeaseDuration || RetryPeriod >= RenewDeadline)
        {
            throw new InvalidOperationException("LeaderElector needs RetryPeriod < RenewDeadline < LeaseDuration.");
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await AcquireAsync(cancellationToken).ConfigureAwait(false);
                using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                _isLeader = true;
                LeaderElectorLog.Acquired(_logger, _identity, _namespace, _name);
                var callback = RunCallbackAsync(onStartedLeading, leading.Token);
                await RenewAsync(leading.Token).ConfigureAwait(false);
                _isLeader = false;
                await leading.CancelAsync().ConfigureAwait(false);
                await callback.ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested && ReleaseOnCancel)
                {
                    await ReleaseAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _isLeader = false;
        }
    }

    private async Task RunCallbackAsync(Func<CancellationToken, Task> onStartedLeading, CancellationToken leading)
    {
        try
        {
            await onStartedLeading(leading).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LeaderElectorLog.CallbackFailed(_logger, _identity, e);
        }
    }

    private async Task AcquireAsync(CancellationToken cancellationToken)
    {
        while (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false) != AttemptResult.Holding)
        {
            var jittered = RetryPeriod * (1 + (Random.Shared.NextDouble() * 1.2));
            await Task.Delay(jittered, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Renews until renewal fails for longer than the deadline, another holder appears, or <paramref name="leading"/> is cancelled.</summary>
    private async Task RenewAsync(CancellationToken leading)
    {
        var lastRenewal = _time.GetTimestamp();
        try
        {
            while (true)
            {
                await Task.Delay(RetryPeriod, _time, leading).ConfigureAwait(false);
                var result = await TryAcquireOrRenewAsync(leading).ConfigureAwait(false);
                if (result == AttemptResult.Holding)
                {
                    lastRenewal = _time.GetTimestamp();
                }
                else if (result == AttemptResult.HeldByOther || _time.GetElapsedTime(lastRenewal) >= RenewDeadline)
                {
                    LeaderElectorLog.Lost(_logger, _identity, _namespace, _name, RenewDeadline);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
        }
    }

    private async Task<AttemptResult> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RenewDeadline);
        try
        {
            return await AttemptAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LeaderElectorLog.AttemptFailed(_logger, _identity, _namespace, _name, e);
            return AttemptResult.Failed;
        }
    }

    private async Task<AttemptResult> AttemptAsync(CancellationToken cancellationToken)
    {
        var now = MicroTime(_time.GetUtcNow());
        V1Lease lease;
        try
        {
            lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_name, _namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            var created = new V1Lease
            {
                ApiVersion = "coordination.k8s.io/v1",
                Kind = "Lease",
                Metadata = new V1ObjectMeta { Name = _name, NamespaceProperty = _namespace },
                Spec = new V1LeaseSpec
                {
                    HolderIdentity = _identity,
                    LeaseDurationSeconds = (int)LeaseDuration.TotalSeconds,
                    AcquireTime = now,
                    RenewTime = now,
                    LeaseTransitions = 0,
                },
            };
            created = await _client.CoordinationV1.CreateNamespacedLeaseAsync(created, _namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            Observe(created);
            return AttemptResult.Holding;
        }

        Observe(lease);
        var spec = lease.Spec ??= new V1LeaseSpec();
        var holder = spec.HolderIdentity;
        var mine = holder == _identity;
        if (!mine && !string.IsNullOrEmpty(holder) && _time.GetElapsedTime(_observedAt) < LeaseDuration)
        {
            LeaderElectorLog.HeldByOther(_logger, _namespace, _name, holder);
            return AttemptResult.HeldByOther;
        }

        if (!mine)
        {
            spec.AcquireTime = now;
            spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
        }

        spec.HolderIdentity = _identity;
        spec.LeaseDurationSeconds = (int)LeaseDuration.TotalSeconds;
        spec.RenewTime = now;
        try
        {
            // The read's resourceVersion rides along: a concurrent writer makes this a 409, never a double win.
            var updated = await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _name, _namespace, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            Observe(updated);
            return AttemptResult.Holding;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
        {
            return mine ? AttemptResult.Failed : AttemptResult.HeldByOther;
        }
    }

    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(RenewDeadline, _time);
        try
        {
            var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_name, _namespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != _identity)
            {
                return;
            }

            var now = MicroTime(_time.GetUtcNow());
            lease.Spec.HolderIdentity = null;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.AcquireTime = now;
            lease.Spec.RenewTime = now;
            await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _name, _namespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            LeaderElectorLog.Released(_logger, _identity, _namespace, _name);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            LeaderElectorLog.AttemptFailed(_logger, _identity, _namespace, _name, e);
        }
    }

    /// <summary>Expiry is judged by when this elector saw the lease change, not by the holder's clock.</summary>
    private void Observe(V1Lease lease)
    {
        var resourceVersion = lease.Metadata?.ResourceVersion;
        if (resourceVersion != _observedResourceVersion)
        {
            _observedResourceVersion = resourceVersion;
            _observedAt = _time.GetTimestamp();
        }
    }

    /// <summary>Lease times are MicroTime: microsecond precision.</summary>
    private static DateTime MicroTime(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % 10), DateTimeKind.Utc);
}
