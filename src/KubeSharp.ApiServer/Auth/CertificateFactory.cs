using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KubeSharp.ApiServer.Auth;

/// <summary>Creates the ECDSA P-256 CA and leaf certificates of the cluster PKI.</summary>
internal static class CertificateFactory
{
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    public static (X509Certificate2 Certificate, ECDsa Key) CreateCa(string commonName, DateTimeOffset now, TimeSpan validity)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + commonName), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var withKey = request.CreateSelfSigned(now, now + validity);
        return (X509CertificateLoader.LoadCertificate(withKey.RawData), key);
    }

    /// <summary>A leaf signed by <paramref name="ca"/>: server or client auth, with the given subject alternative names.</summary>
    public static (X509Certificate2 Certificate, ECDsa Key) CreateLeaf(
        X509Certificate2 ca,
        ECDsa caKey,
        string commonName,
        IReadOnlyList<string> organizations,
        bool serverAuth,
        IReadOnlyCollection<string> dnsNames,
        IReadOnlyCollection<IPAddress> ipAddresses,
        DateTimeOffset now,
        TimeSpan validity)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        foreach (var organization in organizations)
        {
            subject.AddOrganizationName(organization);
        }

        subject.AddCommonName(commonName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            new OidCollection { new Oid(serverAuth ? ServerAuthOid : ClientAuthOid) }, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (dnsNames.Count + ipAddresses.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var dns in dnsNames)
            {
                san.AddDnsName(dns);
            }

            foreach (var ip in ipAddresses)
            {
                san.AddIpAddress(ip);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        var certificate = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now, now + validity, serial);
        return (certificate, key);
    }

    /// <summary>Whether <paramref name="leaf"/> chains to <paramref name="ca"/> alone and is valid at <paramref name="now"/>.</summary>
    public static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 ca, DateTimeOffset now, string? requiredUsage)
    {
        if (now < leaf.NotBefore.ToUniversalTime() || now > leaf.NotAfter.ToUniversalTime())
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        if (requiredUsage is not null)
        {
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(requiredUsage));
        }

        return chain.Build(leaf)
            && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span);
    }

    /// <summary>Kestrel on some platforms cannot use a key pair held only in memory; a PKCS#12 round trip fixes that.</summary>
    public static X509Certificate2 WithPrivateKey(X509Certificate2 certificate, ECDsa key)
    {
        using var paired = certificate.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(paired.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }
}
