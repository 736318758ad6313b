using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// Work a resource needs beside storing its object (upstream keeps these in the resource's REST wrapper), e.g. allocating a
/// Service's cluster IP and node ports. Called around the store write; the base does nothing.
/// </summary>
internal class RegistryHooks
{
    public static readonly RegistryHooks None = new();

    /// <summary>Before a create is stored (after validation). May allocate; must undo on <see cref="CreateFailedAsync"/>.</summary>
    public virtual Task BeforeCreateAsync(JsonObject obj, bool dryRun, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The create was not stored: release what <see cref="BeforeCreateAsync"/> took.</summary>
    public virtual Task CreateFailedAsync(JsonObject obj, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Before an update is stored. May allocate for new needs; returns what to release once it is stored.</summary>
    public virtual Task<Func<CancellationToken, Task>?> BeforeUpdateAsync(JsonObject obj, JsonObject old, bool dryRun, CancellationToken cancellationToken) =>
        Task.FromResult<Func<CancellationToken, Task>?>(null);

    /// <summary>The object is gone from the store.</summary>
    public virtual Task AfterDeleteAsync(JsonObject obj, CancellationToken cancellationToken) => Task.CompletedTask;
}
