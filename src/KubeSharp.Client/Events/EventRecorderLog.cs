using Microsoft.Extensions.Logging;

namespace KubeSharp.Client;

internal static partial class EventRecorderLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Event({Kind} {Namespace}/{Name}): type: '{Type}' reason: '{Reason}' {Message}")]
    public static partial void Recorded(ILogger logger, string? kind, string? @namespace, string? name, string type, string reason, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropping event {Reason} for {Name}: more than {Limit} events are waiting to be written ({Total} dropped so far)")]
    public static partial void Dropped(ILogger logger, string reason, string? name, int limit, long total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing event {Reason} for {Name} failed (attempt {Attempt})")]
    public static partial void WriteFailed(ILogger logger, string reason, string? name, int attempt, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event recorder got an invalid event: {Problem}")]
    public static partial void Invalid(ILogger logger, string problem);
}
