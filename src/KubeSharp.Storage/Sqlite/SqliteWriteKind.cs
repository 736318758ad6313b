namespace KubeSharp.Storage.Sqlite;

internal enum SqliteWriteKind
{
    Create,
    Update,
    Delete,
    Compact,
}
