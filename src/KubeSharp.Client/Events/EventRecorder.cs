using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Client;

/// <summary>
/// Records core/v1 Events about objects (what <c>kubectl describe</c> shows). <see cref="Event"/> never blocks and never throws:
/// events are written by a background writer, and repeats of one event within 10 minutes bump its count instead of creating
/// new Events.
/// </summary>
public sealed class EventRecorder : IAsyncDisposable
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    /// <summary>Like upstream's broadcaster queue: a component flooding events loses the newest rather than memory or latency.</summary>
    private const int MaxQueued = 1000;
    private const int MaxAttempts = 3;

    /// <summary>Each model type's entity attribute: reading it builds the attribute through reflection, too costly for every event.</summary>
    private static readonly ConcurrentDictionary<Type, KubernetesEntityAttribute?> Entities = new();

    private readonly IKubernetes _client;
    private readonly string _component;
    private readonly string? _host;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly EventCorrelator _correlator;
    private readonly EventSpamFilter _spamFilter;
    private readonly Channel<PendingEvent> _channel = Channel.CreateUnbounded<PendingEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private int _queued;
    private long _dropped;

    public EventRecorder(IKubernetes client, string component, TimeProvider time, ILogger logger, string? host = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(component);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _component = component;
        _host = host;
        _time = time;
        _logger = logger;
        _correlator = new EventCorrelator(time);
        _spamFilter = new EventSpamFilter(time);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// Records an event about <paramref name="regarding"/>; <paramref name="type"/> is <see cref="Normal"/> or <see cref="Warning"/>.
    /// <paramref name="fieldPath"/> names a part of the object, e.g. a pod's container <c>spec.containers{app}</c>.
    /// </summary>
    public void Event(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string message, string? fieldPath = null)
    {
        try
        {
            var reference = Reference(regarding);
            reference.FieldPath = fieldPath;
            EventRecorderLog.Recorded(_logger, reference.Kind, reference.NamespaceProperty, reference.Name, type, reason, message);
            if (!_spamFilter.Allow($"{_component}/{_host}/{reference.Kind}/{reference.NamespaceProperty}/{reference.Name}/{reference.Uid}"))
            {
                return;
            }

            if (Interlocked.Increment(ref _queued) > MaxQueued)
            {
                Interlocked.Decrement(ref _queued);
                // Said once per 1,000 drops, so a burst does not flood the log.
                if (Interlocked.Increment(ref _dropped) % 1000 == 1)
                {
                    EventRecorderLog.Dropped(_logger, reason, reference.Name, MaxQueued, Volatile.Read(ref _dropped));
                }

                return;
            }

            if (!_channel.Writer.TryWrite(new PendingEvent(reference, type, reason, message, null)))
            {
                Interlocked.Decrement(ref _queued);
            }
        }
        catch (Exception e)
        {
            EventRecorderLog.Invalid(_logger, e.Message);
        }
    }

    /// <summary>Completes once every event recorded before the call has been written (or given up on).</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _channel.Writer.TryWrite(new PendingEvent(null, "", "", "", flushed))
            ? flushed.Task.WaitAsync(cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>Writes the events still queued, then stops the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static V1ObjectReference Reference(IKubernetesObject<V1ObjectMeta> regarding)
    {
        ArgumentNullException.ThrowIfNull(regarding);
        var metadata = regarding.Metadata ?? throw new ArgumentException("The object has no metadata.", nameof(regarding));
        var entity = Entities.GetOrAdd(regarding.GetType(), static t => t.GetCustomAttribute<KubernetesEntityAttribute>());
        var apiVersion = regarding.ApiVersion;
        if (string.IsNullOrEmpty(apiVersion) && entity is not null)
        {
            apiVersion = string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}";
        }

        return new V1ObjectReference
        {
            Kind = string.IsNullOrEmpty(regarding.Kind) ? entity?.Kind : regarding.Kind,
            ApiVersion = apiVersion,
            Name = metadata.Name,
            NamespaceProperty = metadata.NamespaceProperty,
            Uid = metadata.Uid,
            ResourceVersion = metadata.ResourceVersion,
        };
    }

    private async Task WriteLoopAsync()
    {
        await foreach (var pending in _channel.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (pending.Flushed is { } flushed)
            {
                flushed.TrySetResult();
                continue;
            }

            Interlocked.Decrement(ref _queued);
            await WriteAsync(pending).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(PendingEvent pending)
    {
        var regarding = pending.Regarding!;
        var ns = string.IsNullOrEmpty(regarding.NamespaceProperty) ? "default" : regarding.NamespaceProperty;
        var key = string.Join('\u0000', _component, _host, regarding.Kind, regarding.ApiVersion, regarding.NamespaceProperty, regarding.Name,
            regarding.Uid, pending.Type, pending.Reason, pending.Message);
        var correlation = _correlator.Correlate(key, regarding.Name ?? "unknown");
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                if (!correlation.IsNew)
                {
                    try
                    {
                        await PatchAsync(ns, correlation, pending).ConfigureAwait(false);
                        return;
                    }
                    catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
                    {
                        // The server dropped the Event (TTL): start a new one.
                        _correlator.Forget(key);
                        correlation = _correlator.Correlate(key, regarding.Name ?? "unknown");
                    }
                }

                await CreateAsync(ns, correlation, pending).ConfigureAwait(false);
                return;
            }
            catch (Exception e)
            {
                EventRecorderLog.WriteFailed(_logger, pending.Reason, regarding.Name, attempt, e);
                if (e is HttpOperationException { Response.StatusCode: < HttpStatusCode.InternalServerError and not HttpStatusCode.TooManyRequests })
                {
                    return;
                }

                if (attempt < MaxAttempts)
                {
                    await Task.Delay(TimeSpan.FromSeconds(attempt), _time).ConfigureAwait(false);
                }
            }
        }
    }

    private Task CreateAsync(string ns, EventCorrelation correlation, PendingEvent pending)
    {
        var body = new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { Name = correlation.Name, NamespaceProperty = ns },
            InvolvedObject = pending.Regarding,
            Reason = pending.Reason,
            Message = pending.Message,
            Type = pending.Type,
            Source = new V1EventSource { Component = _component, Host = _host },
            FirstTimestamp = Seconds(correlation.FirstTimestamp),
            LastTimestamp = Seconds(correlation.LastTimestamp),
            Count = correlation.Count,
            ReportingComponent = _component,
            ReportingInstance = _host,
        };
        return _client.CoreV1.CreateNamespacedEventAsync(body, ns);
    }

    private Task PatchAsync(string ns, EventCorrelation correlation, PendingEvent pending)
    {
        var patch = new JsonObject
        {
            ["count"] = correlation.Count,
            ["lastTimestamp"] = Seconds(correlation.LastTimestamp).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["message"] = pending.Message,
        };
        return _client.CoreV1.PatchNamespacedEventAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), correlation.Name, ns);
    }

    /// <summary>Kubernetes Time is whole seconds.</summary>
    private static DateTime Seconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
