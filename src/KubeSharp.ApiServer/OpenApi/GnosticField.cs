namespace KubeSharp.ApiServer.OpenApi;

/// <summary>One field of a gnostic OpenAPI v2 message: its number, wire shape and, for nested messages, the message's name.</summary>
internal readonly record struct GnosticField(int Number, GnosticFieldKind Kind, string? Message = null);
