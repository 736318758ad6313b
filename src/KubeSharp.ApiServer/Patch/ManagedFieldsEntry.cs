using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patch;

/// <summary>One metadata.managedFields entry: who manages which fields, by which operation.</summary>
internal sealed class ManagedFieldsEntry
{
    public const string ApplyOperation = "Apply";
    public const string UpdateOperation = "Update";

    public ManagedFieldsEntry(string manager, string operation, string apiVersion, string subresource, string? time, FieldSet set)
    {
        Manager = manager;
        Operation = operation;
        ApiVersion = apiVersion;
        Subresource = subresource;
        Time = time;
        Set = set;
    }

    public string Manager { get; }

    public string Operation { get; }

    public string ApiVersion { get; set; }

    public string Subresource { get; }

    public string? Time { get; set; }

    public FieldSet Set { get; set; }

    /// <summary>
    /// Identifies the manager as upstream's BuildManagerIdentifier does: appliers are one manager whatever the
    /// version they applied with; updaters are one per API version.
    /// </summary>
    public string Key => Identity(Manager, Operation, Operation == ApplyOperation ? "" : ApiVersion, Subresource);

    public static string Identity(string manager, string operation, string apiVersion, string subresource) =>
        string.Join('\n', manager, operation, apiVersion, subresource);

    /// <summary>The manager as conflict messages name it: <c>"kubectl-client-side-apply" using apps/v1</c>.</summary>
    public string Describe()
    {
        var text = JsonSerializer.Serialize(Manager);
        if (Subresource.Length > 0)
        {
            text += $" with subresource {JsonSerializer.Serialize(Subresource)}";
        }

        return Operation == UpdateOperation ? $"{text} using {ApiVersion}" : text;
    }

    public static ManagedFieldsEntry? Parse(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            return null;
        }

        string Text(string name) => obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";
        var time = Text("time");
        return new ManagedFieldsEntry(Text("manager"), Text("operation"), Text("apiVersion"), Text("subresource"),
            time.Length > 0 ? time : null, FieldSet.FromFieldsV1(obj["fieldsV1"]));
    }

    public JsonObject ToJson()
    {
        var obj = new JsonObject
        {
            ["manager"] = Manager,
            ["operation"] = Operation,
            ["apiVersion"] = ApiVersion,
        };
        if (Time is not null)
        {
            obj["time"] = Time;
        }

        obj["fieldsType"] = "FieldsV1";
        obj["fieldsV1"] = Set.ToFieldsV1();
        if (Subresource.Length > 0)
        {
            obj["subresource"] = Subresource;
        }

        return obj;
    }
}
