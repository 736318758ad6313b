using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// The per-resource rules (upstream's registry strategy.go plus scheme defaulting), working on the object's JSON.
/// The generic registry fills and checks metadata, keeps status out of main-resource writes and spec out of status
/// writes, and bumps generation; a strategy adds what is particular to its kind. This base does nothing.
/// </summary>
internal class ResourceStrategy
{
    public static readonly ResourceStrategy Default = new();

    /// <summary>Applies upstream's defaults. Called on every object a client sends (create, update, patch result).</summary>
    public virtual void ApplyDefaults(JsonObject obj)
    {
    }

    /// <summary>Clears what a client may not set on create (e.g. most of status).</summary>
    public virtual void PrepareForCreate(JsonObject obj)
    {
    }

    /// <summary>Carries over from the old object what an update may not change.</summary>
    public virtual void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
    }

    /// <summary>Validates a new object; metadata has been validated already.</summary>
    public virtual void Validate(JsonObject obj, List<FieldError> errors)
    {
    }

    /// <summary>Validates an update (immutable fields and the new object's own rules).</summary>
    public virtual void ValidateUpdate(JsonObject obj, JsonObject old, List<FieldError> errors) => Validate(obj, errors);

    /// <summary>
    /// Validates a write through the status subresource, whose spec is the old object's. By default the same as
    /// <see cref="ValidateUpdate"/>; a kind whose status strategy checks less (as upstream's pod status strategy does) overrides it.
    /// </summary>
    public virtual void ValidateStatusUpdate(JsonObject obj, JsonObject old, List<FieldError> errors) => ValidateUpdate(obj, old, errors);

    /// <summary>Warnings to send back in Warning headers (e.g. deprecated fields).</summary>
    public virtual IEnumerable<string> Warnings(JsonObject obj) => [];
}
