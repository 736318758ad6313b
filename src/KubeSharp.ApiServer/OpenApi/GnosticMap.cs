namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// A gnostic OpenAPI v2 message that holds a JSON object's properties as repeated Named* entries (name = 1, value = 2) in field
/// <paramref name="EntryField"/>; <paramref name="ValueMessage"/> is the entries' value message, or "string" for NamedString.
/// "x-" properties go to <paramref name="VendorExtension"/> when it is not 0.
/// </summary>
internal sealed record GnosticMap(string ValueMessage, int EntryField, int VendorExtension = 0);
