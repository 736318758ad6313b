namespace KubeSharp.Controllers.Common;

/// <summary>An event the controller records about the object it reconciles (type Normal or Warning).</summary>
internal sealed record PlannedEvent(string Type, string Reason, string Message)
{
    public static PlannedEvent Normal(string reason, string message) => new("Normal", reason, message);

    public static PlannedEvent Warning(string reason, string message) => new("Warning", reason, message);
}
