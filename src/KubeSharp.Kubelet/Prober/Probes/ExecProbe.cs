using Grpc.Core;
using KubeSharp.Kubelet.Cri;

namespace KubeSharp.Kubelet.Prober.Probes;

/// <summary>
/// Exec probes through the runtime's ExecSync (upstream's pkg/probe/exec): exit code 0 is success, any other code a
/// failure with the command's output; a timeout is a failure with upstream's "command ... timed out".
/// </summary>
internal sealed class ExecProbe(IRuntimeService runtime, TimeProvider timeProvider)
{
    /// <summary>Beyond the probe's own timeout the runtime gets this long before the kubelet gives up on the call.</summary>
    private static readonly TimeSpan RuntimeSlack = TimeSpan.FromSeconds(10);

    public async Task<ProbeOutcome> ProbeAsync(string containerId, IReadOnlyList<string> command, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var timeoutMessage = $"command \"{string.Join(' ', command)}\" timed out";
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds) + RuntimeSlack, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var response = await runtime.ExecSyncAsync(containerId, command, timeoutSeconds, linked.Token).ConfigureAwait(false);
            var output = response.Stdout.ToStringUtf8() + response.Stderr.ToStringUtf8();
            return response.ExitCode == 0 ? ProbeOutcome.Success(output) : ProbeOutcome.Failure(output);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded || (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            return ProbeOutcome.Failure(timeoutMessage);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Failure(timeoutMessage);
        }
        catch (RpcException ex)
        {
            // Worded as Go's gRPC errors, which is how upstream's events show runtime failures.
            throw new ProbeException($"rpc error: code = {ex.StatusCode} desc = {ex.Status.Detail}", ex);
        }
    }
}
