using Microsoft.Extensions.Logging;

namespace KubeSharp.Storage.Sqlite;

internal static partial class SqliteStoreLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Opened SQLite store {Path} at revision {Revision} (compacted at {Compacted})")]
    public static partial void Opened(ILogger logger, string path, long revision, long compacted);

    [LoggerMessage(Level = LogLevel.Error, Message = "SQLite write batch of {Count} writes failed")]
    public static partial void BatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compacted SQLite store to revision {Revision}: removed {Rows} log rows")]
    public static partial void Compacted(ILogger logger, long revision, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closed a watch on {Prefix}: its reader fell more than {BufferSize} events behind")]
    public static partial void WatcherTooSlow(ILogger logger, string prefix, int bufferSize);
}
