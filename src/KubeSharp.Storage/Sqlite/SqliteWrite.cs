namespace KubeSharp.Storage.Sqlite;

/// <summary>One queued write; the writer loop applies it in a batch and completes <see cref="Completion"/> after the commit.</summary>
internal sealed class SqliteWrite(SqliteWriteKind kind, string key, byte[]? value, long revision)
{
    public SqliteWriteKind Kind { get; } = kind;

    public string Key { get; } = key;

    public byte[]? Value { get; } = value;

    /// <summary>The expected ModRevision (Update, Delete) or the revision to compact to (Compact).</summary>
    public long Revision { get; } = revision;

    /// <summary>Continuations run asynchronously so that callers never run on the writer loop.</summary>
    public TaskCompletionSource<StoreEntry?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set while the batch is applied; published only if the batch commits.</summary>
    public StoreEntry? Result { get; set; }

    public StoreException? Failure { get; set; }

    public StoreWatchEvent? Event { get; set; }
}
