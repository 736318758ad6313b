namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// A plain gnostic OpenAPI v2 message: its fields by JSON property name, and the number of its repeated NamedAny
/// vendor_extension field that takes the "x-" properties (0 when it has none).
/// </summary>
internal sealed record GnosticMessage(IReadOnlyDictionary<string, GnosticField> Fields, int VendorExtension);
