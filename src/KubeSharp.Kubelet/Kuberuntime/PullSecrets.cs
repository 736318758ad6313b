using System.Text;
using System.Text.Json;
using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>Registry credentials for an image from the pod's imagePullSecrets (kubernetes.io/dockerconfigjson or dockercfg).</summary>
internal static class PullSecrets
{
    private const string DockerHub = "docker.io";

    /// <summary>The credentials of the first secret with an entry for the image's registry, or null.</summary>
    public static AuthConfig? AuthFor(string image, IEnumerable<V1Secret> secrets)
    {
        var registry = Registry(image);
        foreach (var secret in secrets)
        {
            foreach (var (server, entry) in Entries(secret))
            {
                if (NormalizeServer(server) != registry)
                {
                    continue;
                }

                var auth = new AuthConfig
                {
                    ServerAddress = server,
                    Username = entry.TryGetProperty("username", out var u) ? u.GetString() ?? "" : "",
                    Password = entry.TryGetProperty("password", out var p) ? p.GetString() ?? "" : "",
                    Auth = entry.TryGetProperty("auth", out var a) ? a.GetString() ?? "" : "",
                };
                if (auth.Username.Length == 0 && auth.Auth.Length > 0)
                {
                    var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth.Auth));
                    var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        auth.Username = decoded[..colon];
                        auth.Password = decoded[(colon + 1)..];
                    }
                }

                return auth;
            }
        }

        return null;
    }

    /// <summary>The registry host of an image reference ("docker.io" for short names).</summary>
    public static string Registry(string image)
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return DockerHub;
        }

        var first = image[..slash];
        return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"
            ? NormalizeServer(first)
            : DockerHub;
    }

    private static string NormalizeServer(string server)
    {
        var host = server;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }

        host = host.Split('/')[0];
        return host is "index.docker.io" or "registry-1.docker.io" ? DockerHub : host;
    }

    private static IEnumerable<(string Server, JsonElement Entry)> Entries(V1Secret secret)
    {
        byte[]? raw = null;
        var data = secret.Data ?? new Dictionary<string, byte[]>();
        if (secret.Type == "kubernetes.io/dockercfg" && data.TryGetValue(".dockercfg", out var legacy))
        {
            raw = legacy;
        }
        else if (data.TryGetValue(".dockerconfigjson", out var json))
        {
            raw = json;
        }

        if (raw is null)
        {
            yield break;
        }

        JsonElement root;
        try
        {
            root = JsonDocument.Parse(raw).RootElement;
        }
        catch (JsonException)
        {
            yield break;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        var auths = root.TryGetProperty("auths", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : root;
        foreach (var property in auths.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                yield return (property.Name, property.Value);
            }
        }
    }
}
