using System.Security.Cryptography.X509Certificates;
using KubeSharp.ApiServer.Auth;

namespace KubeSharp.ApiServer.Tests.Auth;

public class ClientCertificateAuthenticatorTests
{
    [Fact]
    public void Authenticate_AdminCertificate_SystemAdminInSystemMasters()
    {
        using var dir = new TempDirectory();
        var pki = ClusterPki.LoadOrCreate(dir.Path, [], TimeProvider.System);
        var user = new ClientCertificateAuthenticator(pki.ClientCa, TimeProvider.System)
            .Authenticate(X509Certificate2.CreateFromPem(pki.AdminCertPem));
        Assert.NotNull(user);
        Assert.Equal("system:admin", user.Name);
        Assert.Equal(["system:masters"], user.Groups);
    }

    [Fact]
    public void Authenticate_IssuedCertificate_UserAndGroupsFromSubject()
    {
        using var dir = new TempDirectory();
        var pki = ClusterPki.LoadOrCreate(dir.Path, [], TimeProvider.System);
        var (certPem, keyPem) = pki.IssueClientCertificate("system:node:n1", ["system:nodes", "team-a"], TimeSpan.FromDays(30));
        using var cert = X509Certificate2.CreateFromPem(certPem, keyPem);
        var user = new ClientCertificateAuthenticator(pki.ClientCa, TimeProvider.System).Authenticate(cert);
        Assert.Equal(new UserInfo("system:node:n1", ["system:nodes", "team-a"]).Name, user?.Name);
        Assert.Equal(["system:nodes", "team-a"], user!.Groups);
    }

    [Fact]
    public void Authenticate_CertificateFromAnotherCa_Null()
    {
        using var dir = new TempDirectory();
        using var otherDir = new TempDirectory();
        var pki = ClusterPki.LoadOrCreate(dir.Path, [], TimeProvider.System);
        var other = ClusterPki.LoadOrCreate(otherDir.Path, [], TimeProvider.System);
        var (certPem, _) = other.IssueClientCertificate("mallory", ["system:masters"], TimeSpan.FromDays(1));
        var authenticator = new ClientCertificateAuthenticator(pki.ClientCa, TimeProvider.System);
        Assert.Null(authenticator.Authenticate(X509Certificate2.CreateFromPem(certPem)));
        Assert.Null(authenticator.Authenticate(X509Certificate2.CreateFromPem(other.AdminCertPem)));
    }

    [Fact]
    public void Authenticate_ServingCertificate_NullForLackOfClientAuth()
    {
        using var dir = new TempDirectory();
        var pki = ClusterPki.LoadOrCreate(dir.Path, [], TimeProvider.System);
        Assert.Null(new ClientCertificateAuthenticator(pki.ServerCa, TimeProvider.System).Authenticate(pki.ServingCertificate));
    }

    [Fact]
    public void Authenticate_Expired_Null()
    {
        using var dir = new TempDirectory();
        var time = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        var pki = ClusterPki.LoadOrCreate(dir.Path, [], time);
        var (certPem, _) = pki.IssueClientCertificate("alice", [], TimeSpan.FromHours(1));
        using var cert = X509Certificate2.CreateFromPem(certPem);
        var authenticator = new ClientCertificateAuthenticator(pki.ClientCa, time);
        Assert.Equal("alice", authenticator.Authenticate(cert)?.Name);
        time.Now += TimeSpan.FromHours(2);
        Assert.Null(authenticator.Authenticate(cert));
    }

    [Fact]
    public void Authenticate_NotYetValid_Null()
    {
        using var dir = new TempDirectory();
        var time = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        var pki = ClusterPki.LoadOrCreate(dir.Path, [], time);
        time.Now += TimeSpan.FromDays(1);
        var (certPem, _) = pki.IssueClientCertificate("bob", [], TimeSpan.FromDays(10));
        time.Now -= TimeSpan.FromHours(12);
        Assert.Null(new ClientCertificateAuthenticator(pki.ClientCa, time).Authenticate(X509Certificate2.CreateFromPem(certPem)));
    }

    [Fact]
    public void Authenticate_NoCertificate_Null()
    {
        using var dir = new TempDirectory();
        var pki = ClusterPki.LoadOrCreate(dir.Path, [], TimeProvider.System);
        Assert.Null(new ClientCertificateAuthenticator(pki.ClientCa, TimeProvider.System).Authenticate(null));
    }
}
