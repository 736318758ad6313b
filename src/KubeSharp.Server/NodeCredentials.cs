namespace KubeSharp.Server;

/// <summary>What a joining node gets from the server: its client certificate and key, the client CA its kubelet trusts, the server CA.</summary>
internal sealed record NodeCredentials(string CertificatePem, string KeyPem, string ClientCaPem, string ServerCaPem);
