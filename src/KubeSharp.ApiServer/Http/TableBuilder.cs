using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Printers;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Http;

/// <summary>Builds meta.k8s.io/v1 Table responses (what `kubectl get` prints) and PartialObjectMetadata.</summary>
internal static class TableBuilder
{
    public static JsonObject Build(ResourceInfo resource, IEnumerable<JsonObject> objects, string includeObject, DateTimeOffset now,
        string resourceVersion, string? continueToken, long? remaining, bool withColumns = true)
    {
        var printer = TablePrinters.For(resource);
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray(printer.Cells(obj, now).Select(Cell).ToArray());
            var row = new JsonObject { ["cells"] = cells };
            switch (includeObject)
            {
                case "None":
                    break;
                case "Object":
                    row["object"] = obj.DeepClone();
                    break;
                default:
                    row["object"] = PartialMetadata(obj, resource);
                    break;
            }

            rows.Add(row);
        }

        var meta = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (continueToken is not null)
        {
            meta["continue"] = continueToken;
        }

        if (remaining is not null)
        {
            meta["remainingItemCount"] = remaining;
        }

        var table = new JsonObject { ["kind"] = "Table", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = meta };
        if (withColumns)
        {
            table["columnDefinitions"] = new JsonArray(printer.Columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            }).ToArray());
        }

        table["rows"] = rows;
        return table;
    }

    public static JsonObject PartialMetadata(JsonObject obj, ResourceInfo resource)
    {
        var meta = obj["metadata"]?.DeepClone() ?? new JsonObject();
        return new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = meta,
        };
    }

    private static JsonNode? Cell(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        JsonNode n => n.DeepClone(),
        _ => JsonValue.Create(value.ToString()),
    };
}
