using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Printers;

/// <summary>Turns an object into a Table row, with upstream's columns (pkg/printers/internalversion/printers.go).</summary>
internal interface ITablePrinter
{
    IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>One cell per column: string, long, int, double or bool (null for none).</summary>
    IReadOnlyList<object?> Cells(JsonObject obj, DateTimeOffset now);
}
