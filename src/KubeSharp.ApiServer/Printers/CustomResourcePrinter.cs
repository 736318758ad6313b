using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Printers;

/// <summary>
/// The table of a custom resource from its CRD's additionalPrinterColumns (apiextensions tableconvertor): the Name column first,
/// then one column per entry, its cell read by JSONPath and typed by the column's type. A column whose path finds nothing is null.
/// </summary>
internal sealed class CustomResourcePrinter : ITablePrinter
{
    private readonly List<(TableColumn Column, SimpleJsonPath Path)> _columns;

    public CustomResourcePrinter(IReadOnlyList<(TableColumn Column, string JsonPath)> columns)
    {
        _columns = columns.Select(c => (c.Column, SimpleJsonPath.Parse(c.JsonPath))).ToList();
        Columns = [PrinterColumns.Name, .. _columns.Select(c => c.Column)];
    }

    /// <summary>The columns upstream serves when a CRD version declares none.</summary>
    public static IReadOnlyList<(TableColumn Column, string JsonPath)> DefaultColumns { get; } =
        [(new TableColumn("Age", "date", "", PrinterColumns.Age.Description), ".metadata.creationTimestamp")];

    public IReadOnlyList<TableColumn> Columns { get; }

    public IReadOnlyList<object?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var cells = new object?[_columns.Count + 1];
        cells[0] = JsonFields.NameOf(obj);
        for (var i = 0; i < _columns.Count; i++)
        {
            var (column, path) = _columns[i];
            var results = path.Evaluate(obj);
            if (results.Count == 0 || results[0] is null)
            {
                continue;
            }

            cells[i + 1] = column.Type == "string" ? SimpleJsonPath.GoText(results[0]) : Typed(column.Type, results[0]!, now);
        }

        return cells;
    }

    private static object? Typed(string type, JsonNode value, DateTimeOffset now)
    {
        if (value is not JsonValue v)
        {
            return null;
        }

        var kind = v.GetValueKind();
        return type switch
        {
            "integer" when kind == JsonValueKind.Number => KubeSharp.Api.Objects.Meta.Long(v) ?? (long)double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture),
            "number" when kind == JsonValueKind.Number => double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture),
            "boolean" when kind is JsonValueKind.True or JsonValueKind.False => kind == JsonValueKind.True,
            "date" when v.TryGetValue<string>(out var s) =>
                DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? HumanDuration.Format(now - t) : "<invalid>",
            _ => null,
        };
    }
}
