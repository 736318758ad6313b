namespace KubeSharp.Server;

/// <summary>An agent could not join: unreachable server, or a CA that does not match the token.</summary>
internal sealed class JoinException(string message, Exception? inner = null) : Exception(message, inner);
