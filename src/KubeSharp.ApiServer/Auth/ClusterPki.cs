using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KubeSharp.ApiServer.Auth;

/// <summary>
/// The cluster's certificates in a k3s-style TLS directory: a server CA for serving certificates, a client CA for
/// client certificates, the API server's serving certificate and the admin client certificate, all PEM. Created on
/// first start, reused afterwards; leaves are reissued when missing, expiring within 90 days, no longer chaining to
/// their CA or (serving) when the wanted SANs changed.
/// </summary>
internal sealed class ClusterPki
{
    /// <summary>Fixed names every serving certificate carries; the first service IP is 10.43.0.1 as in k3s.</summary>
    public static readonly IReadOnlyList<string> DefaultSans =
    [
        "localhost", "127.0.0.1", "::1", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
        "kubernetes.default.svc.cluster.local", "10.43.0.1",
    ];

    private static readonly TimeSpan CaValidity = TimeSpan.FromDays(3650);
    private static readonly TimeSpan LeafValidity = TimeSpan.FromDays(365);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(90);

    private readonly ECDsa _clientCaKey;
    private readonly TimeProvider _time;

    private ClusterPki(
        X509Certificate2 serverCa,
        X509Certificate2 clientCa,
        ECDsa clientCaKey,
        X509Certificate2 servingCertificate,
        string serverCaPem,
        string adminCertPem,
        string adminKeyPem,
        TimeProvider time)
    {
        ServerCa = serverCa;
        ClientCa = clientCa;
        _clientCaKey = clientCaKey;
        ServingCertificate = servingCertificate;
        ServerCaPem = serverCaPem;
        AdminCertPem = adminCertPem;
        AdminKeyPem = adminKeyPem;
        _time = time;
    }

    public X509Certificate2 ServerCa { get; }

    public X509Certificate2 ClientCa { get; }

    /// <summary>The API server's serving certificate, with its private key, ready for Kestrel.</summary>
    public X509Certificate2 ServingCertificate { get; }

    public string ServerCaPem { get; }

    /// <summary>The client CA, for servers (the kubelet) that accept the clients this PKI issues.</summary>
    public string ClientCaPem => ClientCa.ExportCertificatePem() + "\n";

    public string AdminCertPem { get; }

    public string AdminKeyPem { get; }

    public static ClusterPki LoadOrCreate(string tlsDir, IEnumerable<string> extraSans, TimeProvider time)
    {
        Directory.CreateDirectory(tlsDir);
        var now = time.GetUtcNow();
        var stamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var (serverCa, serverCaKey, serverCaPem) = LoadOrCreateCa(tlsDir, "server-ca", "kubesharp-server-ca@" + stamp, now);
        var (clientCa, clientCaKey, _) = LoadOrCreateCa(tlsDir, "client-ca", "kubesharp-client-ca@" + stamp, now);

        var (dnsNames, ips) = SplitSans(DefaultSans.Append(Dns.GetHostName()).Concat(extraSans));
        var (serving, servingKey, _, _) = LoadOrIssueLeaf(
            tlsDir, "serving-kube-apiserver", serverCa, now, CertificateFactory.ServerAuthOid,
            existing => SameSans(existing, dnsNames, ips),
            () => CertificateFactory.CreateLeaf(serverCa, serverCaKey, "kube-apiserver", [], true, dnsNames, ips, now, LeafValidity));
        var (_, _, adminCertPem, adminKeyPem) = LoadOrIssueLeaf(
            tlsDir, "client-admin", clientCa, now, CertificateFactory.ClientAuthOid,
            _ => true,
            () => CertificateFactory.CreateLeaf(clientCa, clientCaKey, "system:admin", ["system:masters"], false, [], [], now, LeafValidity));

        return new ClusterPki(
            serverCa, clientCa, clientCaKey, CertificateFactory.WithPrivateKey(serving, servingKey),
            serverCaPem, adminCertPem, adminKeyPem, time);
    }

    /// <summary>A kubelet's client certificate: <c>system:node:&lt;name&gt;</c> in group <c>system:nodes</c>, for a year.</summary>
    public (string CertPem, string KeyPem) IssueNodeCertificate(string nodeName) =>
        IssueClientCertificate("system:node:" + nodeName, ["system:nodes"], TimeSpan.FromDays(365));

    /// <summary>A client certificate from the client CA: CN is the user name, each O a group (how upstream reads them).</summary>
    public (string CertPem, string KeyPem) IssueClientCertificate(string commonName, IReadOnlyList<string> organizations, TimeSpan validity)
    {
        var (certificate, key) = CertificateFactory.CreateLeaf(
            ClientCa, _clientCaKey, commonName, organizations, false, [], [], _time.GetUtcNow(), validity);
        using (certificate)
        using (key)
        {
            return (certificate.ExportCertificatePem() + "\n", key.ExportECPrivateKeyPem() + "\n");
        }
    }

    private static (X509Certificate2 Certificate, ECDsa Key, string CertPem) LoadOrCreateCa(
        string dir, string name, string commonName, DateTimeOffset now)
    {
        var certPath = Path.Combine(dir, name + ".crt");
        var keyPath = Path.Combine(dir, name + ".key");
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            var pem = File.ReadAllText(certPath);
            return (X509Certificate2.CreateFromPem(pem), LoadKey(keyPath), pem);
        }

        var (certificate, key) = CertificateFactory.CreateCa(commonName, now, CaValidity);
        var certPem = certificate.ExportCertificatePem() + "\n";
        SecureFile.Write(keyPath, key.ExportECPrivateKeyPem() + "\n", secret: true);
        SecureFile.Write(certPath, certPem, secret: false);
        return (certificate, key, certPem);
    }

    private static (X509Certificate2 Certificate, ECDsa Key, string CertPem, string KeyPem) LoadOrIssueLeaf(
        string dir,
        string name,
        X509Certificate2 ca,
        DateTimeOffset now,
        string usage,
        Func<X509Certificate2, bool> stillWanted,
        Func<(X509Certificate2, ECDsa)> issue)
    {
        var certPath = Path.Combine(dir, name + ".crt");
        var keyPath = Path.Combine(dir, name + ".key");
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            var certPem = File.ReadAllText(certPath);
            var keyPem = File.ReadAllText(keyPath);
            var existing = X509Certificate2.CreateFromPem(certPem);
            if (CertificateFactory.ChainsTo(existing, ca, now, usage)
                && existing.NotAfter.ToUniversalTime() - now.UtcDateTime > RenewBefore
                && stillWanted(existing))
            {
                var key = ECDsa.Create();
                key.ImportFromPem(keyPem);
                return (existing, key, certPem, keyPem);
            }

            existing.Dispose();
        }

        var (certificate, newKey) = issue();
        var newCertPem = certificate.ExportCertificatePem() + "\n";
        var newKeyPem = newKey.ExportECPrivateKeyPem() + "\n";
        SecureFile.Write(keyPath, newKeyPem, secret: true);
        SecureFile.Write(certPath, newCertPem, secret: false);
        return (certificate, newKey, newCertPem, newKeyPem);
    }

    private static ECDsa LoadKey(string path)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(path));
        return key;
    }

    private static (List<string> DnsNames, List<IPAddress> Ips) SplitSans(IEnumerable<string> sans)
    {
        var dnsNames = new List<string>();
        var ips = new List<IPAddress>();
        foreach (var raw in sans)
        {
            var san = raw.Trim();
            if (san.Length == 0)
            {
                continue;
            }

            if (IPAddress.TryParse(san, out var ip))
            {
                if (!ips.Contains(ip))
                {
                    ips.Add(ip);
                }
            }
            else if (!dnsNames.Contains(san.ToLowerInvariant()))
            {
                dnsNames.Add(san.ToLowerInvariant());
            }
        }

        return (dnsNames, ips);
    }

    private static bool SameSans(X509Certificate2 certificate, List<string> dnsNames, List<IPAddress> ips)
    {
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null)
        {
            return false;
        }

        var haveDns = san.EnumerateDnsNames().Select(d => d.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var haveIps = san.EnumerateIPAddresses().ToHashSet();
        return haveDns.SetEquals(dnsNames) && haveIps.SetEquals(ips);
    }
}
