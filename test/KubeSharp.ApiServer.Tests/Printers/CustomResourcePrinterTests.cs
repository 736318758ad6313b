using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Printers;

namespace KubeSharp.ApiServer.Tests.Printers;

public class CustomResourcePrinterTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly JsonObject Widget = JsonNode.Parse("""
        {"metadata":{"name":"w1","creationTimestamp":"2026-01-01T11:00:00Z","labels":{"app":"shop","app.kubernetes.io/name":"x"}},
         "spec":{"replicas":3,"ratio":0.5,"paused":false,"tags":["a","b"]},
         "status":{"conditions":[{"type":"Synced","status":"False"},{"type":"Ready","status":"True"}]}}
        """)!.AsObject();

    [Fact]
    public void Cells_TypedColumns_ReadByJsonPath()
    {
        var printer = new CustomResourcePrinter(
        [
            (new TableColumn("Replicas", "integer", "", ""), ".spec.replicas"),
            (new TableColumn("Ready", "string", "", ""), ".status.conditions[?(@.type==\"Ready\")].status"),
            (new TableColumn("App", "string", "", "", 1), ".metadata.labels.app"),
            (new TableColumn("Name2", "string", "", ""), ".metadata.labels['app.kubernetes.io/name']"),
            (new TableColumn("Ratio", "number", "", ""), ".spec.ratio"),
            (new TableColumn("Paused", "boolean", "", ""), ".spec.paused"),
            (new TableColumn("Tags", "string", "", ""), ".spec.tags"),
            (new TableColumn("First", "string", "", ""), ".spec.tags[0]"),
            (new TableColumn("Missing", "string", "", ""), ".spec.nothing"),
            (new TableColumn("Age", "date", "", ""), ".metadata.creationTimestamp"),
        ]);

        Assert.Equal("Name", printer.Columns[0].Name);
        Assert.Equal(["w1", 3L, "True", "shop", "x", 0.5, false, "[a b]", "a", null, "60m"], printer.Cells(Widget, Now));
    }

    [Fact]
    public void DefaultColumns_ShowAge() =>
        Assert.Equal(["w1", "60m"], new CustomResourcePrinter(CustomResourcePrinter.DefaultColumns).Cells(Widget, Now));

    [Fact]
    public void Evaluate_WildcardAndBraces_ReturnsAll() =>
        Assert.Equal(["Synced", "Ready"], SimpleJsonPath.Parse("{.status.conditions[*].type}").Evaluate(Widget).Select(n => n!.GetValue<string>()));
}
