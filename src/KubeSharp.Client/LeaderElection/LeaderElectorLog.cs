using Microsoft.Extensions.Logging;

namespace KubeSharp.Client;

internal static partial class LeaderElectorLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} became leader of lease {Namespace}/{Name}")]
    public static partial void Acquired(ILogger logger, string identity, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} lost lease {Namespace}/{Name}: not renewed within {RenewDeadline}")]
    public static partial void Lost(ILogger logger, string identity, string @namespace, string name, TimeSpan renewDeadline);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Identity} could not acquire or renew lease {Namespace}/{Name}")]
    public static partial void AttemptFailed(ILogger logger, string identity, string @namespace, string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lease {Namespace}/{Name} is held by {Holder}")]
    public static partial void HeldByOther(ILogger logger, string @namespace, string name, string holder);

    [LoggerMessage(Level = LogLevel.Error, Message = "The leader callback of {Identity} failed")]
    public static partial void CallbackFailed(ILogger logger, string identity, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} released lease {Namespace}/{Name}")]
    public static partial void Released(ILogger logger, string identity, string @namespace, string name);
}
