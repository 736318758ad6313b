namespace KubeSharp.ApiServer.Auth.ServiceAccounts;

/// <summary>How upstream names service accounts as users (k8s.io/apiserver/pkg/authentication/serviceaccount).</summary>
internal static class ServiceAccountUsers
{
    public const string AllGroup = "system:serviceaccounts";

    public static string UserName(string ns, string name) => $"system:serviceaccount:{ns}:{name}";

    public static UserInfo User(string ns, string name, string uid) =>
        new(UserName(ns, name), [AllGroup, AllGroup + ":" + ns, "system:authenticated"], uid);
}
