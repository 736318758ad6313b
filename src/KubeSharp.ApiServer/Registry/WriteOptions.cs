namespace KubeSharp.ApiServer.Registry;

/// <summary>Options every write carries: dryRun=All, the field manager, and where warnings go.</summary>
internal sealed class WriteOptions
{
    public bool DryRun { get; init; }

    public string FieldManager { get; init; } = "unknown";

    /// <summary>The apiVersion the client spoke (recorded in managedFields).</summary>
    public string ApiVersion { get; init; } = "";

    public List<string> Warnings { get; } = [];
}
