using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Printers;

/// <summary>An <see cref="ITablePrinter"/> made of its columns and a function computing one row's cells.</summary>
internal sealed class TablePrinter(IReadOnlyList<TableColumn> columns, Func<JsonObject, DateTimeOffset, object?[]> cells) : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } = columns;

    public IReadOnlyList<object?> Cells(JsonObject obj, DateTimeOffset now) => cells(obj, now);
}
