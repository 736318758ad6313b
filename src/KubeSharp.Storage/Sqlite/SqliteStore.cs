using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// The embedded store, after k3s' kine: an append-only log table whose row id is the revision, plus a table of the
/// current entries for fast reads at the newest revision. One writer connection applies queued writes in batches
/// (group commit: one transaction, one fsync for many writes); reads use pooled connections of their own, which WAL
/// lets run alongside the writer on a consistent snapshot.
/// </summary>
internal sealed class SqliteStore : IStore
{
    private const int MaxBatch = 1024;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS log (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            create_revision INTEGER NOT NULL,
            prev_revision INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            value BLOB NOT NULL,
            old_value BLOB);
        CREATE INDEX IF NOT EXISTS log_key_id ON log (key, id);
        CREATE TABLE IF NOT EXISTS current (
            key TEXT PRIMARY KEY,
            create_revision INTEGER NOT NULL,
            mod_revision INTEGER NOT NULL,
            value BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT OR IGNORE INTO meta (name, value) VALUES ('revision', 0), ('compacted', 0);
        """;

    private readonly string _path;
    private readonly string _readConnectionString;
    private readonly SqliteConnection _writer;
    private readonly SqliteWriterCommands _commands;
    private readonly Channel<SqliteWrite> _writes = Channel.CreateUnbounded<SqliteWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteWatchHub _hub;
    private readonly StoreOptions _options;
    private readonly ILogger _logger;
    private readonly Task _writerLoop;
    private long _revision;
    private long _compacted;

    private SqliteStore(string path, SqliteConnection writer, long revision, long compacted, StoreOptions options, ILogger logger)
    {
        _path = path;
        _readConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
        _writer = writer;
        _commands = new SqliteWriterCommands(writer);
        _revision = revision;
        _compacted = compacted;
        _options = options;
        _logger = logger;
        _hub = new SqliteWatchHub(revision);
        _hub.WatcherTooSlow += w => SqliteStoreLog.WatcherTooSlow(_logger, w.Prefix, _options.WatchBufferSize);
        _writerLoop = Task.Run(WriteLoopAsync);
    }

    /// <summary>Opens (creating if needed) the store in the file at <paramref name="path"/>.</summary>
    public static SqliteStore Open(string path, StoreOptions options, ILogger logger)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var writer = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        writer.Open();

        // auto_vacuum must be chosen before the first table exists; INCREMENTAL lets compaction hand freed pages back
        // to the file system. WAL lets readers run beside the one writer. synchronous=FULL fsyncs the WAL at every
        // commit: NORMAL would already survive kill -9 of this process (the WAL is written before the commit is
        // acknowledged), FULL also survives power loss and OS crashes, as etcd does; group commit pays one fsync per
        // batch, not per write. journal_size_limit truncates the WAL after checkpoints so that it does not stay large.
        Execute(writer, """
            PRAGMA auto_vacuum = INCREMENTAL;
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA journal_size_limit = 67108864;
            """);
        Execute(writer, Schema);
        var revision = ReadMeta(writer, null, "revision");
        var compacted = ReadMeta(writer, null, "compacted");
        SqliteStoreLog.Opened(logger, path, revision, compacted);
        return new SqliteStore(path, writer, revision, compacted, options, logger);
    }

    public Task<long> GetCurrentRevisionAsync(CancellationToken cancellationToken) => Task.FromResult(Volatile.Read(ref _revision));

    public Task<long> GetCompactedRevisionAsync(CancellationToken cancellationToken) => Task.FromResult(Volatile.Read(ref _compacted));

    public Task<StoreEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT create_revision, mod_revision, value FROM current WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? new StoreEntry(key, reader.GetFieldValue<byte[]>(2), reader.GetInt64(0), reader.GetInt64(1)) : null);
    }

    public Task<long> CountAsync(string prefix, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM current WHERE key >= $start AND key < $end";
        command.Parameters.AddWithValue("$start", prefix);
        command.Parameters.AddWithValue("$end", KeyRange.PrefixEnd(prefix));
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    public Task<StoreListResult> ListAsync(string prefix, StoreListOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = OpenReader();
        using var transaction = connection.BeginTransaction(deferred: true);
        var newest = ReadMeta(connection, transaction, "revision");
        var revision = options.Revision == 0 ? newest : options.Revision;
        if (revision > newest)
        {
            throw FutureRevision(revision, newest);
        }

        var compacted = ReadMeta(connection, transaction, "compacted");
        if (revision < compacted)
        {
            throw new StoreCompactedException(revision, compacted);
        }

        var end = KeyRange.PrefixEnd(prefix);
        var start = KeyRange.Start(prefix, options.StartKey);
        var atNewest = revision == newest;

        // At the newest revision the current table answers; older revisions take each key's newest log row at or
        // below the revision, skipping keys whose newest such row is a deletion.
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = atNewest
            ? "SELECT key, create_revision, mod_revision, value FROM current WHERE key >= $start AND key < $end ORDER BY key LIMIT $limit"
            : """
              SELECT key, create_revision, id, value FROM log WHERE id IN (
                  SELECT MAX(id) FROM log WHERE key >= $start AND key < $end AND id <= $rev GROUP BY key)
              AND deleted = 0 ORDER BY key LIMIT $limit
              """;
        command.Parameters.AddWithValue("$start", start);
        command.Parameters.AddWithValue("$end", end);
        command.Parameters.AddWithValue("$rev", revision);
        command.Parameters.AddWithValue("$limit", options.Limit > 0 ? options.Limit + 1 : -1);
        var items = new List<StoreEntry>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                items.Add(new StoreEntry(reader.GetString(0), reader.GetFieldValue<byte[]>(3), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        if (options.Limit <= 0 || items.Count <= options.Limit)
        {
            return Task.FromResult(new StoreListResult(items, revision, null, 0));
        }

        var nextKey = items[options.Limit].Key;
        items.RemoveAt(options.Limit);
        command.CommandText = atNewest
            ? "SELECT COUNT(*) FROM current WHERE key >= $start AND key < $end"
            : """
              SELECT COUNT(*) FROM log WHERE id IN (
                  SELECT MAX(id) FROM log WHERE key >= $start AND key < $end AND id <= $rev GROUP BY key)
              AND deleted = 0
              """;
        command.Parameters["$start"].Value = nextKey;
        var remaining = (long)command.ExecuteScalar()!;
        return Task.FromResult(new StoreListResult(items, revision, nextKey, remaining));
    }

    public async Task<StoreEntry> CreateAsync(string key, byte[] value, CancellationToken cancellationToken) =>
        (await EnqueueAsync(new SqliteWrite(SqliteWriteKind.Create, key, value, 0), cancellationToken))!;

    public async Task<StoreEntry> UpdateAsync(string key, byte[] value, long expectedModRevision, CancellationToken cancellationToken) =>
        (await EnqueueAsync(new SqliteWrite(SqliteWriteKind.Update, key, value, expectedModRevision), cancellationToken))!;

    public async Task<StoreEntry> DeleteAsync(string key, long expectedModRevision, CancellationToken cancellationToken) =>
        (await EnqueueAsync(new SqliteWrite(SqliteWriteKind.Delete, key, null, expectedModRevision), cancellationToken))!;

    public Task CompactAsync(long revision, CancellationToken cancellationToken) =>
        EnqueueAsync(new SqliteWrite(SqliteWriteKind.Compact, "", null, revision), cancellationToken);

    public async IAsyncEnumerable<StoreWatchEvent> WatchAsync(string prefix, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var watcher = new SqliteWatcher(prefix, _options.WatchBufferSize);
        var registeredAt = _hub.Register(watcher);
        try
        {
            if (fromRevision > 0 && fromRevision < registeredAt)
            {
                foreach (var e in ReadHistory(watcher, fromRevision, registeredAt))
                {
                    yield return e;
                }
            }

            using var timer = _options.TimeProvider.CreateTimer(
                _ => { if (watcher.TakeIdle()) { _hub.Bookmark(watcher); } }, null, _options.BookmarkInterval, _options.BookmarkInterval);
            var reader = watcher.Reader;
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                while (reader.TryRead(out var e))
                {
                    // A watch from a revision not yet reached skips the live events up to it.
                    if (e.Revision > fromRevision || (e.Type == StoreWatchEventType.Bookmark && e.Revision == fromRevision))
                    {
                        yield return e;
                    }
                }
            }
        }
        finally
        {
            _hub.Unregister(watcher);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writerLoop;
        _hub.CloseAll();
        _commands.Dispose();
        await _writer.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    private static ArgumentOutOfRangeException FutureRevision(long revision, long newest) =>
        new(nameof(revision), revision, $"required revision {revision} is a future revision (newest is {newest})");

    private List<StoreWatchEvent> ReadHistory(SqliteWatcher watcher, long fromRevision, long toRevision)
    {
        using var connection = OpenReader();
        using var transaction = connection.BeginTransaction(deferred: true);
        var compacted = ReadMeta(connection, transaction, "compacted");
        if (fromRevision < compacted)
        {
            throw new StoreCompactedException(fromRevision, compacted);
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT id, key, create_revision, prev_revision, deleted, value, old_value FROM log
            WHERE id > $from AND id <= $to AND key >= $start AND key < $end ORDER BY id
            """;
        command.Parameters.AddWithValue("$from", fromRevision);
        command.Parameters.AddWithValue("$to", toRevision);
        command.Parameters.AddWithValue("$start", watcher.Prefix);
        command.Parameters.AddWithValue("$end", watcher.PrefixEnd);
        var events = new List<StoreWatchEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var revision = reader.GetInt64(0);
            var key = reader.GetString(1);
            var createRevision = reader.GetInt64(2);
            var prevRevision = reader.GetInt64(3);
            var value = reader.GetFieldValue<byte[]>(5);
            var entry = new StoreEntry(key, value, createRevision, revision);
            if (reader.GetInt64(4) != 0)
            {
                events.Add(new StoreWatchEvent(StoreWatchEventType.Deleted, revision, entry, entry with { ModRevision = prevRevision }));
            }
            else if (prevRevision == 0)
            {
                events.Add(new StoreWatchEvent(StoreWatchEventType.Added, revision, entry, null));
            }
            else
            {
                var previous = new StoreEntry(key, reader.GetFieldValue<byte[]>(6), createRevision, prevRevision);
                events.Add(new StoreWatchEvent(StoreWatchEventType.Modified, revision, entry, previous));
            }
        }

        return events;
    }

    private async Task<StoreEntry?> EnqueueAsync(SqliteWrite write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_writes.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(SqliteStore));
        }

        return await write.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        var reader = _writes.Reader;
        var batch = new List<SqliteWrite>(MaxBatch);
        var events = new List<StoreWatchEvent>(MaxBatch);
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            events.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            var compacted = false;
            var revision = _revision;
            try
            {
                Execute(_writer, "BEGIN IMMEDIATE");
                try
                {
                    foreach (var write in batch)
                    {
                        compacted |= write.Kind == SqliteWriteKind.Compact;
                        Apply(write, ref revision);
                        if (write.Event is not null)
                        {
                            events.Add(write.Event);
                        }
                    }

                    _commands.SetMeta("revision", revision);
                    Execute(_writer, "COMMIT");
                }
                catch
                {
                    Execute(_writer, "ROLLBACK");
                    throw;
                }
            }
            catch (Exception ex)
            {
                SqliteStoreLog.BatchFailed(_logger, batch.Count, ex);
                foreach (var write in batch)
                {
                    write.Completion.TrySetException(ex);
                }

                continue;
            }

            Volatile.Write(ref _revision, revision);
            if (events.Count > 0)
            {
                _hub.Publish(events, revision);
            }

            // A compaction is acknowledged once its space has been handed back, so callers can rely on the smaller file.
            if (compacted)
            {
                Vacuum();
            }

            foreach (var write in batch)
            {
                if (write.Failure is not null)
                {
                    write.Completion.TrySetException(write.Failure);
                }
                else
                {
                    write.Completion.TrySetResult(write.Result);
                }
            }

        }
    }

    private void Apply(SqliteWrite write, ref long revision)
    {
        write.Failure = null;
        write.Event = null;
        if (write.Kind == SqliteWriteKind.Compact)
        {
            Compact(write, revision);
            return;
        }

        var current = _commands.SelectCurrent(write.Key);
        switch (write.Kind)
        {
            case SqliteWriteKind.Create:
                if (current is not null)
                {
                    write.Failure = new StoreKeyExistsException(write.Key);
                    return;
                }

                revision++;
                var created = new StoreEntry(write.Key, write.Value!, revision, revision);
                _commands.InsertLog(revision, write.Key, revision, 0, false, write.Value!, null);
                _commands.UpsertCurrent(created);
                write.Result = created;
                write.Event = new StoreWatchEvent(StoreWatchEventType.Added, revision, created, null);
                return;

            case SqliteWriteKind.Update:
                if (current is null)
                {
                    write.Failure = new StoreKeyNotFoundException(write.Key);
                    return;
                }

                if (current.ModRevision != write.Revision)
                {
                    write.Failure = new StoreConflictException(write.Key, current);
                    return;
                }

                revision++;
                var updated = new StoreEntry(write.Key, write.Value!, current.CreateRevision, revision);
                _commands.InsertLog(revision, write.Key, current.CreateRevision, current.ModRevision, false, write.Value!, current.Value);
                _commands.UpsertCurrent(updated);
                write.Result = updated;
                write.Event = new StoreWatchEvent(StoreWatchEventType.Modified, revision, updated, current);
                return;

            default:
                if (current is null)
                {
                    write.Failure = new StoreKeyNotFoundException(write.Key);
                    return;
                }

                if (write.Revision != 0 && current.ModRevision != write.Revision)
                {
                    write.Failure = new StoreConflictException(write.Key, current);
                    return;
                }

                revision++;
                var deleted = current with { ModRevision = revision };
                _commands.InsertLog(revision, write.Key, current.CreateRevision, current.ModRevision, true, current.Value, null);
                _commands.DeleteCurrent(write.Key);
                write.Result = deleted;
                write.Event = new StoreWatchEvent(StoreWatchEventType.Deleted, revision, deleted, current);
                return;
        }
    }

    private void Compact(SqliteWrite write, long revision)
    {
        var target = Math.Min(write.Revision, revision);
        var compacted = Volatile.Read(ref _compacted);
        if (target <= compacted)
        {
            return;
        }

        // Every log row in (compacted, target] supersedes the row named by its prev_revision, and deletion rows are
        // themselves history once compacted; what remains at or below target is each live key's newest row.
        var rows = _commands.Compact(compacted, target);
        _commands.SetMeta("compacted", target);
        Volatile.Write(ref _compacted, target);
        SqliteStoreLog.Compacted(_logger, target, rows);
    }

    private void Vacuum()
    {
        try
        {
            Execute(_writer, "PRAGMA incremental_vacuum; PRAGMA wal_checkpoint(TRUNCATE);");
        }
        catch (SqliteException ex)
        {
            SqliteStoreLog.BatchFailed(_logger, 0, ex);
        }
    }

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        return connection;
    }

    private static long ReadMeta(SqliteConnection connection, SqliteTransaction? transaction, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM meta WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public override string ToString() => $"sqlite:{_path}";
}
