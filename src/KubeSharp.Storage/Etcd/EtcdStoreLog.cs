using Microsoft.Extensions.Logging;

namespace KubeSharp.Storage.Etcd;

internal static partial class EtcdStoreLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Using etcd at {Endpoints} with key prefix '{Prefix}'")]
    public static partial void Connected(ILogger logger, string endpoints, string prefix);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not request watch progress from etcd")]
    public static partial void ProgressRequestFailed(ILogger logger, Exception exception);
}
