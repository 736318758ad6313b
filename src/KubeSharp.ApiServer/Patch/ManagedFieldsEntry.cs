using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patch;

/// <summary>One metadata.managedFields entry: who manages which fields, by which operation.</summary>
internal sealed class ManagedFieldsEntry
{
    public const string ApplyOperation = "Apply";
    public const string UpdateOperation = "Update";

    private JsonObject? _storedFieldsV1;
    private FieldSet? _storedSet;

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

    /// <summary>
    /// Remembers the entry's stored fieldsV1 (which this server wrote, so already in canonical form): while the set stays
    /// the same, <see cref="ToJson"/> copies it instead of building it again from the set on every write.
    /// </summary>
    public void KeepStoredForm(JsonNode? fieldsV1)
    {
        if (fieldsV1 is JsonObject stored)
        {
            _storedFieldsV1 = stored;
            _storedSet = Set;
        }
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
        obj["fieldsV1"] = _storedSet is not null && (ReferenceEquals(Set, _storedSet) || Set.SetEquals(_storedSet))
            ? _storedFieldsV1!.DeepClone()
            : Set.ToFieldsV1();
        if (Subresource.Length > 0)
        {
            obj["subresource"] = Subresource;
        }

        return obj;
    }
}
