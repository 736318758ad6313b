namespace KubeSharp.ApiServer.Registry.Validation;

/// <summary>A typed view of a JSON object and the JSON text it was read from.</summary>
internal sealed record TypedView(string Json, object View);
