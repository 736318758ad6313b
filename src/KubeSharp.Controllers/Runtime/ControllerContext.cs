using k8s;
using KubeSharp.Client;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.Runtime;

/// <summary>What every controller gets: the API client, the shared informers, an event recorder, the clock and loggers.</summary>
internal sealed class ControllerContext(IKubernetes client, SharedInformerFactory informers, EventRecorder events, TimeProvider time,
    ILoggerFactory loggers, ControllerManagerOptions options)
{
    public IKubernetes Client { get; } = client;

    public SharedInformerFactory Informers { get; } = informers;

    /// <summary>Events as component "kube-controller-manager" (upstream records each controller's events under its own name).</summary>
    public EventRecorder Events { get; } = events;

    public TimeProvider Time { get; } = time;

    public ILoggerFactory Loggers { get; } = loggers;

    public ControllerManagerOptions Options { get; } = options;
}
