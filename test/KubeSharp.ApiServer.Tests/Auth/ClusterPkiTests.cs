using System.Security.Cryptography.X509Certificates;
using KubeSharp.ApiServer.Auth;

namespace KubeSharp.ApiServer.Tests.Auth;

public class ClusterPkiTests
{
    private static readonly string[] Files =
    [
        "server-ca.crt", "server-ca.key", "client-ca.crt", "client-ca.key",
        "serving-kube-apiserver.crt", "serving-kube-apiserver.key", "client-admin.crt", "client-admin.key",
    ];

    [Fact]
    public void LoadOrCreate_FirstCall_WritesPemFilesKeysOwnerOnly()
    {
        using var dir = new TempDirectory();
        ClusterPki.LoadOrCreate(dir.Path, [], TimeProvider.System);
        foreach (var file in Files)
        {
            var path = Path.Combine(dir.Path, file);
            Assert.StartsWith("-----BEGIN ", File.ReadAllText(path));
            if (file.EndsWith(".key", StringComparison.Ordinal) && !OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
        }
    }

    [Fact]
    public void LoadOrCreate_SecondCall_ReusesSameCertificates()
    {
        using var dir = new TempDirectory();
        var first = ClusterPki.LoadOrCreate(dir.Path, ["api.example.com"], TimeProvider.System);
        var second = ClusterPki.LoadOrCreate(dir.Path, ["api.example.com"], TimeProvider.System);
        Assert.Equal(first.ServerCa.Thumbprint, second.ServerCa.Thumbprint);
        Assert.Equal(first.ClientCa.Thumbprint, second.ClientCa.Thumbprint);
        Assert.Equal(first.ServingCertificate.Thumbprint, second.ServingCertificate.Thumbprint);
        Assert.Equal(first.AdminCertPem, second.AdminCertPem);
        Assert.Equal(first.AdminKeyPem, second.AdminKeyPem);
        Assert.True(second.ServingCertificate.HasPrivateKey);
    }

    [Fact]
    public void LoadOrCreate_SansChanged_ReissuesServingCertificateOnly()
    {
        using var dir = new TempDirectory();
        var first = ClusterPki.LoadOrCreate(dir.Path, [], TimeProvider.System);
        var second = ClusterPki.LoadOrCreate(dir.Path, ["10.0.0.5", "Node1.Example.com"], TimeProvider.System);
        Assert.Equal(first.ServerCa.Thumbprint, second.ServerCa.Thumbprint);
        Assert.Equal(first.AdminCertPem, second.AdminCertPem);
        Assert.NotEqual(first.ServingCertificate.Thumbprint, second.ServingCertificate.Thumbprint);
        var san = second.ServingCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("node1.example.com", san.EnumerateDnsNames());
        Assert.Contains("kubernetes.default.svc.cluster.local", san.EnumerateDnsNames());
        Assert.Contains(System.Net.IPAddress.Parse("10.0.0.5"), san.EnumerateIPAddresses());
        Assert.Contains(System.Net.IPAddress.Parse("10.43.0.1"), san.EnumerateIPAddresses());
        Assert.Contains(System.Net.IPAddress.IPv6Loopback, san.EnumerateIPAddresses());
    }

    [Fact]
    public void LoadOrCreate_Certificates_CaTenYearsLeafOneYear()
    {
        using var dir = new TempDirectory();
        var now = TimeProvider.System.GetUtcNow();
        var pki = ClusterPki.LoadOrCreate(dir.Path, [], TimeProvider.System);
        Assert.InRange((pki.ServerCa.NotAfter.ToUniversalTime() - now.UtcDateTime).TotalDays, 3649, 3651);
        Assert.InRange((pki.ServingCertificate.NotAfter.ToUniversalTime() - now.UtcDateTime).TotalDays, 364, 366);
        Assert.Equal(pki.ServerCa.SubjectName.Name, pki.ServingCertificate.IssuerName.Name);
    }
}
