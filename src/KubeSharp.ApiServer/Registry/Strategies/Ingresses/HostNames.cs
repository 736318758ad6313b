using System.Text.RegularExpressions;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.Ingresses;

/// <summary>upstream's IsWildcardDNS1123Subdomain: "*." followed by a DNS subdomain (RFC 1034 section 4.3.3).</summary>
internal static partial class HostNames
{
    private const string SubdomainFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private const string WildcardFmt = "\\*\\." + SubdomainFmt;
    private const string WildcardMsg =
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";

    [GeneratedRegex("^" + WildcardFmt + "$")]
    private static partial Regex WildcardRegex();

    public static IReadOnlyList<string> IsWildcardDns1123Subdomain(string value)
    {
        var errs = new List<string>();
        if (value.Length > NameValidation.Dns1123SubdomainMaxLength)
        {
            errs.Add(NameValidation.MaxLenError(NameValidation.Dns1123SubdomainMaxLength));
        }

        if (!WildcardRegex().IsMatch(value))
        {
            errs.Add(NameValidation.RegexError(WildcardMsg, WildcardFmt, "*.example.com"));
        }

        return errs;
    }

    /// <summary>A host or TLS host: wildcard rules when it contains '*', plain subdomain rules otherwise.</summary>
    public static IReadOnlyList<string> Check(string host) =>
        host.Contains('*', StringComparison.Ordinal) ? IsWildcardDns1123Subdomain(host) : NameValidation.IsDns1123Subdomain(host);
}
