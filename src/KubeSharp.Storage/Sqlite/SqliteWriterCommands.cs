using Microsoft.Data.Sqlite;

namespace KubeSharp.Storage.Sqlite;

/// <summary>The writer connection's statements, prepared once and reused for every write.</summary>
internal sealed class SqliteWriterCommands : IDisposable
{
    private readonly SqliteCommand _selectCurrent;
    private readonly SqliteCommand _insertLog;
    private readonly SqliteCommand _upsertCurrent;
    private readonly SqliteCommand _deleteCurrent;
    private readonly SqliteCommand _setMeta;
    private readonly SqliteCommand _compact;

    public SqliteWriterCommands(SqliteConnection connection)
    {
        _selectCurrent = Create(connection, "SELECT create_revision, mod_revision, value FROM current WHERE key = $key", "$key");
        _insertLog = Create(
            connection,
            """
            INSERT INTO log (id, key, create_revision, prev_revision, deleted, value, old_value)
            VALUES ($id, $key, $create, $prev, $deleted, $value, $old)
            """,
            "$id", "$key", "$create", "$prev", "$deleted", "$value", "$old");
        _upsertCurrent = Create(
            connection,
            "INSERT OR REPLACE INTO current (key, create_revision, mod_revision, value) VALUES ($key, $create, $mod, $value)",
            "$key", "$create", "$mod", "$value");
        _deleteCurrent = Create(connection, "DELETE FROM current WHERE key = $key", "$key");
        _setMeta = Create(connection, "UPDATE meta SET value = $value WHERE name = $name", "$name", "$value");
        _compact = Create(
            connection,
            """
            DELETE FROM log WHERE id IN (SELECT prev_revision FROM log WHERE id > $from AND id <= $to AND prev_revision > 0);
            DELETE FROM log WHERE id > $from AND id <= $to AND deleted = 1;
            """,
            "$from", "$to");
    }

    public StoreEntry? SelectCurrent(string key)
    {
        _selectCurrent.Parameters[0].Value = key;
        using var reader = _selectCurrent.ExecuteReader();
        return reader.Read() ? new StoreEntry(key, reader.GetFieldValue<byte[]>(2), reader.GetInt64(0), reader.GetInt64(1)) : null;
    }

    public void InsertLog(long id, string key, long createRevision, long prevRevision, bool deleted, byte[] value, byte[]? oldValue)
    {
        var p = _insertLog.Parameters;
        p[0].Value = id;
        p[1].Value = key;
        p[2].Value = createRevision;
        p[3].Value = prevRevision;
        p[4].Value = deleted ? 1 : 0;
        p[5].Value = value;
        p[6].Value = (object?)oldValue ?? DBNull.Value;
        _insertLog.ExecuteNonQuery();
    }

    public void UpsertCurrent(StoreEntry entry)
    {
        var p = _upsertCurrent.Parameters;
        p[0].Value = entry.Key;
        p[1].Value = entry.CreateRevision;
        p[2].Value = entry.ModRevision;
        p[3].Value = entry.Value;
        _upsertCurrent.ExecuteNonQuery();
    }

    public void DeleteCurrent(string key)
    {
        _deleteCurrent.Parameters[0].Value = key;
        _deleteCurrent.ExecuteNonQuery();
    }

    public void SetMeta(string name, long value)
    {
        _setMeta.Parameters[0].Value = name;
        _setMeta.Parameters[1].Value = value;
        _setMeta.ExecuteNonQuery();
    }

    /// <summary>Returns how many log rows were removed.</summary>
    public int Compact(long from, long to)
    {
        _compact.Parameters[0].Value = from;
        _compact.Parameters[1].Value = to;
        return _compact.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _selectCurrent.Dispose();
        _insertLog.Dispose();
        _upsertCurrent.Dispose();
        _deleteCurrent.Dispose();
        _setMeta.Dispose();
        _compact.Dispose();
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
