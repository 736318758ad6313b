using System.Security.Cryptography.X509Certificates;

namespace KubeSharp.ApiServer.Auth;

/// <summary>
/// Upstream's x509 request authenticator: a client certificate that chains to the client CA (and nothing else:
/// no system roots, no revocation lookups), is within its validity and allows client auth names the user by its
/// CN and the groups by its O values.
/// </summary>
internal sealed class ClientCertificateAuthenticator(X509Certificate2 clientCa, TimeProvider time)
{
    private const string CommonNameOid = "2.5.4.3";
    private const string OrganizationOid = "2.5.4.10";

    public UserInfo? Authenticate(X509Certificate2? clientCertificate)
    {
        if (clientCertificate is null
            || !CertificateFactory.ChainsTo(clientCertificate, clientCa, time.GetUtcNow(), CertificateFactory.ClientAuthOid))
        {
            return null;
        }

        string? name = null;
        var groups = new List<string>();
        foreach (var rdn in clientCertificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
            {
                continue;
            }

            var value = rdn.GetSingleElementValue();
            switch (rdn.GetSingleElementType().Value)
            {
                case CommonNameOid:
                    name = value;
                    break;
                case OrganizationOid when !string.IsNullOrEmpty(value):
                    groups.Add(value);
                    break;
            }
        }

        // Upstream refuses certificates without a common name ("common name is required").
        return string.IsNullOrEmpty(name) ? null : new UserInfo(name, groups);
    }
}
