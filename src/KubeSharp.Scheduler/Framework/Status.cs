namespace KubeSharp.Scheduler.Framework;

/// <summary>A plugin result. Plugins return null for success, so the hot path allocates nothing.</summary>
internal sealed class Status
{
    public Status(StatusCode code, params string[] reasons)
    {
        Code = code;
        Reasons = reasons;
    }

    public static Status Skip { get; } = new(StatusCode.Skip);

    public StatusCode Code { get; }

    public IReadOnlyList<string> Reasons { get; }

    /// <summary>The plugin that produced this status; set by the framework.</summary>
    public string? Plugin { get; private set; }

    public string Message => string.Join(", ", Reasons);

    public bool IsRejected => Code is StatusCode.Unschedulable or StatusCode.UnschedulableAndUnresolvable;

    public static Status Unschedulable(string reason) => new(StatusCode.Unschedulable, reason);

    public static Status Unresolvable(string reason) => new(StatusCode.UnschedulableAndUnresolvable, reason);

    public static Status AsError(string message) => new(StatusCode.Error, message);

    public Status WithPlugin(string plugin)
    {
        if (Plugin == plugin)
        {
            return this;
        }
        var copy = new Status(Code, [.. Reasons]) { Plugin = plugin };
        return copy;
    }

    public override string ToString() => $"{Code}: {Message}";
}
