namespace KubeSharp.Api.Errors;

/// <summary>metav1.StatusDetails: which object the error is about, and the per-field causes.</summary>
public sealed record StatusDetails(string Name, string Group, string Kind, IReadOnlyList<StatusCause>? Causes = null, int? RetryAfterSeconds = null);
