using Microsoft.Extensions.Logging;

namespace KubeSharp.Storage;

internal static partial class StoreCompactorLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Compacted the store to revision {Revision}")]
    public static partial void Compacted(ILogger logger, long revision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store compaction failed")]
    public static partial void Failed(ILogger logger, Exception exception);
}
