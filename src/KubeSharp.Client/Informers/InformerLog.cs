using Microsoft.Extensions.Logging;

namespace KubeSharp.Client;

internal static partial class InformerLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Listed {Resource}: {Count} objects at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string resource, int count, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing {Resource} failed; retrying in {Delay}")]
    public static partial void ListFailed(ILogger logger, string resource, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Resource} expired at resourceVersion {ResourceVersion}; relisting")]
    public static partial void WatchExpired(ILogger logger, string resource, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Resource} reported an error ({Code} {Reason}: {Message}); relisting")]
    public static partial void WatchError(ILogger logger, string resource, int? code, string? reason, string? message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Resource} broke; rewatching from resourceVersion {ResourceVersion} in {Delay}")]
    public static partial void WatchBroken(ILogger logger, string resource, string resourceVersion, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event handler for {Resource} threw")]
    public static partial void HandlerFailed(ILogger logger, string resource, Exception exception);
}
