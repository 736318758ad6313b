namespace KubeSharp.ApiServer.Auth.ServiceAccounts;

/// <summary>An object a token is bound to (or the node its pod runs on), as the token's <c>kubernetes.io</c> claims name it.</summary>
internal sealed record BoundObject(string Name, string Uid);
