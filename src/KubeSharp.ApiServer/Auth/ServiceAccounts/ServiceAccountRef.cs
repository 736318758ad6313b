namespace KubeSharp.ApiServer.Auth.ServiceAccounts;

/// <summary>The service account a token is issued for.</summary>
internal sealed record ServiceAccountRef(string Namespace, string Name, string Uid);
