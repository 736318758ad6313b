using System.Buffers.Text;
using System.Security.Cryptography;

namespace KubeSharp.ApiServer.Auth.ServiceAccounts;

/// <summary>
/// The key service-account tokens are signed with: an RSA 2048 key kept as PKCS#1 PEM in the TLS directory's
/// <c>service.key</c>, as k3s keeps it, created on first start and reused afterwards.
/// </summary>
internal sealed class ServiceAccountKey
{
    public const string FileName = "service.key";

    private ServiceAccountKey(RSA rsa)
    {
        Rsa = rsa;
        // Upstream's key id: the unpadded base64url SHA-256 of the DER (PKIX) public key.
        KeyId = Base64Url.EncodeToString(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()));
    }

    public RSA Rsa { get; }

    public string KeyId { get; }

    public static ServiceAccountKey LoadOrCreate(string path)
    {
        var rsa = RSA.Create();
        if (File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
            return new ServiceAccountKey(rsa);
        }

        rsa.KeySize = 2048;
        SecureFile.Write(path, rsa.ExportRSAPrivateKeyPem() + "\n", secret: true);
        return new ServiceAccountKey(rsa);
    }

    /// <summary>A key that lives only in memory (tests).</summary>
    public static ServiceAccountKey CreateEphemeral() => new(RSA.Create(2048));
}
