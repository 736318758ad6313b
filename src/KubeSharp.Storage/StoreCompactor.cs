using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Storage;

/// <summary>
/// Keeps history bounded, as the API server's compactor does for etcd: every <see cref="Interval"/> it compacts the
/// store to the current revision minus <see cref="RetainedRevisions"/>.
/// </summary>
public sealed class StoreCompactor(IStore store, TimeProvider? timeProvider = null, ILogger<StoreCompactor>? logger = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>How often to compact. Default: 5 minutes.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many revisions of history to keep. Default: 1,000.</summary>
    public long RetainedRevisions { get; init; } = 1000;

    /// <summary>Compacts every <see cref="Interval"/> until cancelled; failures are logged and retried next time.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await CompactOnceAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                StoreCompactorLog.Failed(_logger, ex);
            }
        }
    }

    /// <summary>One compaction step; returns the revision compacted to, or 0 when there was nothing to do.</summary>
    public async Task<long> CompactOnceAsync(CancellationToken cancellationToken)
    {
        var target = await store.GetCurrentRevisionAsync(cancellationToken) - RetainedRevisions;
        if (target <= 0 || target <= await store.GetCompactedRevisionAsync(cancellationToken))
        {
            return 0;
        }

        await store.CompactAsync(target, cancellationToken);
        StoreCompactorLog.Compacted(_logger, target);
        return target;
    }
}
