using System.Security.Cryptography.X509Certificates;
using KubeSharp.ApiServer.Auth;

namespace KubeSharp.Kubelet.Tests.Streaming;

/// <summary>A throwaway cluster PKI: the client CA the kubelet trusts and a client certificate issued from it.</summary>
internal sealed class KubeletTestPki : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kss-pki-" + Guid.NewGuid().ToString("N")[..8]);

    public KubeletTestPki()
    {
        Pki = ClusterPki.LoadOrCreate(_dir, [], TimeProvider.System);
        ClientCaPem = Pki.ClientCa.ExportCertificatePem();
        var (certPem, keyPem) = Pki.IssueClientCertificate("kube-apiserver-kubelet-client", ["system:masters"], TimeSpan.FromDays(1));
        using var loaded = X509Certificate2.CreateFromPem(certPem, keyPem);
        ClientCertificate = X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
    }

    public ClusterPki Pki { get; }

    public string ClientCaPem { get; }

    public X509Certificate2 ClientCertificate { get; }

    public HttpClient Client(int port, bool withCertificate = true)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        if (withCertificate)
        {
            handler.SslOptions.ClientCertificates = [ClientCertificate];
        }

        return new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };
    }

    public void Dispose()
    {
        ClientCertificate.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
