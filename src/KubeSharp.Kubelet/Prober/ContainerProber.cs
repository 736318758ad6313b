using k8s.Models;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Prober.Probes;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Prober;

/// <summary>
/// Runs one probe of a container with the right handler (upstream's prober.go): retries a probe that errors, turns a
/// warning into success, and records upstream's Warning events (Unhealthy, ProbeWarning).
/// </summary>
internal sealed partial class ContainerProber(IRuntimeService runtime, TimeProvider timeProvider, IProbeEventSink? events, ILogger logger) : IDisposable
{
    private const int MaxRetries = 3;

    private readonly ExecProbe exec = new(runtime, timeProvider);
    private readonly HttpProbe http = new(timeProvider);
    private readonly TcpProbe tcp = new(timeProvider);
    private readonly GrpcProbe grpc = new(timeProvider);

    /// <summary>The probe's result, or null when the probe errored and its result is to be thrown away.</summary>
    public async Task<ProbeResult?> ProbeAsync(ProbeType type, V1Probe probe, V1Pod pod, V1PodStatus status, V1Container container, string containerId, CancellationToken cancellationToken)
    {
        var name = TypeName(type);
        ProbeOutcome? outcome = null;
        Exception? error = null;
        for (var attempt = 0; attempt < MaxRetries && outcome is null; attempt++)
        {
            try
            {
                outcome = await RunAsync(probe, status, container, containerId, cancellationToken).ConfigureAwait(false);
                error = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Anything else that breaks a probe (a malformed URL, a runtime error) is a probe error, not a crash.
                error = ex;
            }
        }

        if (outcome is null)
        {
            LogProbeErrored(logger, name, pod.Metadata?.Name, container.Name, error!);
            Record(pod, container, EventReasons.Unhealthy, $"{name} probe errored and resulted in unknown state: {error!.Message}");
            return null;
        }

        switch (outcome.Kind)
        {
            case ProbeOutcomeKind.Success:
                return ProbeResult.Success;
            case ProbeOutcomeKind.Warning:
                Record(pod, container, EventReasons.ProbeWarning, $"{name} probe warning: {outcome.Output}");
                return ProbeResult.Success;
            default:
                LogProbeFailed(logger, name, pod.Metadata?.Name, container.Name, outcome.Output);
                Record(pod, container, EventReasons.Unhealthy, $"{name} probe failed: {outcome.Output}");
                return ProbeResult.Failure;
        }
    }

    public void Dispose() => http.Dispose();

    public static string TypeName(ProbeType type) => type switch
    {
        ProbeType.Liveness => "Liveness",
        ProbeType.Readiness => "Readiness",
        _ => "Startup",
    };

    private Task<ProbeOutcome> RunAsync(V1Probe probe, V1PodStatus status, V1Container container, string containerId, CancellationToken cancellationToken)
    {
        var timeout = Math.Max(1, probe.TimeoutSeconds ?? 1);
        if (probe.Exec is { } execAction)
        {
            return exec.ProbeAsync(ContainerIds.RuntimeId(containerId), execAction.Command?.ToList() ?? [], timeout, cancellationToken);
        }

        if (probe.HttpGet is { } httpGet)
        {
            var host = string.IsNullOrEmpty(httpGet.Host) ? PodIp(status) : httpGet.Host;
            return http.ProbeAsync(httpGet, host, ContainerPorts.Resolve(httpGet.Port, container), timeout, cancellationToken);
        }

        if (probe.TcpSocket is { } tcpSocket)
        {
            var host = string.IsNullOrEmpty(tcpSocket.Host) ? PodIp(status) : tcpSocket.Host;
            return tcp.ProbeAsync(host, ContainerPorts.Resolve(tcpSocket.Port, container), timeout, cancellationToken);
        }

        if (probe.Grpc is { } grpcAction)
        {
            return grpc.ProbeAsync(PodIp(status), grpcAction.Port, grpcAction.Service, timeout, cancellationToken);
        }

        throw new ProbeException("missing probe handler");
    }

    private static string PodIp(V1PodStatus status) =>
        string.IsNullOrEmpty(status.PodIP) ? throw new ProbeException("pod has no IP yet") : status.PodIP;

    private void Record(V1Pod pod, V1Container container, string reason, string message)
    {
        var isInit = pod.Spec?.InitContainers?.Any(c => c.Name == container.Name) == true;
        var fieldPath = isInit ? $"spec.initContainers{{{container.Name}}}" : $"spec.containers{{{container.Name}}}";
        events?.Record(pod, fieldPath, "Warning", reason, message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Probe} probe failed for pod {Pod} container {Container}: {Output}")]
    private static partial void LogProbeFailed(ILogger logger, string probe, string? pod, string container, string output);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Probe} probe errored for pod {Pod} container {Container}")]
    private static partial void LogProbeErrored(ILogger logger, string probe, string? pod, string container, Exception exception);
}
