namespace KubeSharp.Api.Errors;

/// <summary>One entry of a Status' details.causes: reason (e.g. FieldValueRequired), message and field path.</summary>
public sealed record StatusCause(string Reason, string Message, string Field);
