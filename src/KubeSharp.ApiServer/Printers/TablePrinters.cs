using System.Globalization;
using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Printers;

/// <summary>
/// The table printer of each built-in resource, as upstream's server-side printing (pkg/printers/internalversion) shows it.
/// Resources without dedicated columns get the apiserver's default table: Name and "Created At".
/// </summary>
internal static class TablePrinters
{
    private static readonly Dictionary<string, ITablePrinter> ByGroupResource = Build();

    /// <summary>The default table convertor (apiserver registry/rest/table.go): name and creation time as RFC 3339.</summary>
    public static ITablePrinter Default { get; } = new TablePrinter([PrinterColumns.Name, PrinterColumns.CreatedAt], (o, _) =>
    [
        JsonFields.NameOf(o),
        JsonFields.Time(o, "metadata", "creationTimestamp") is { } t
            ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "0001-01-01T00:00:00Z",
    ]);

    public static ITablePrinter For(ResourceInfo resource) =>
        ByGroupResource.TryGetValue(resource.GroupResource, out var printer) ? printer : Default;

    private static Dictionary<string, ITablePrinter> Build()
    {
        var printers = new Dictionary<string, ITablePrinter>(StringComparer.Ordinal) { ["pods"] = PodPrinter.Printer };
        CorePrinters.Register(printers);
        WorkloadPrinters.Register(printers);
        ClusterPrinters.Register(printers);
        return printers;
    }
}
