using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api.Serialization;

namespace KubeSharp.ApiServer.Auth;

/// <summary>Builds and writes the admin kubeconfig as k3s does: one cluster, user and context, all named "default".</summary>
internal static class KubeconfigWriter
{
    public static string Build(string serverUrl, string caPem, string clientCertPem, string clientKeyPem, string name = "default")
    {
        var config = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["clusters"] = new JsonArray(new JsonObject
            {
                ["cluster"] = new JsonObject
                {
                    ["certificate-authority-data"] = Base64(caPem),
                    ["server"] = serverUrl,
                },
                ["name"] = name,
            }),
            ["contexts"] = new JsonArray(new JsonObject
            {
                ["context"] = new JsonObject { ["cluster"] = name, ["user"] = name },
                ["name"] = name,
            }),
            ["current-context"] = name,
            ["kind"] = "Config",
            ["preferences"] = new JsonObject(),
            ["users"] = new JsonArray(new JsonObject
            {
                ["name"] = name,
                ["user"] = new JsonObject
                {
                    ["client-certificate-data"] = Base64(clientCertPem),
                    ["client-key-data"] = Base64(clientKeyPem),
                },
            }),
        };
        return YamlJson.ToYaml(config);
    }

    /// <summary>Writes the kubeconfig readable by its owner only, creating parent directories.</summary>
    public static void Write(string path, string content) => SecureFile.Write(path, content, secret: true);

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
}
