using System.Text;
using System.Text.Json;
using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>Registry credentials for an image from the pod's imagePullSecrets (kubernetes.io/dockerconfigjson or dockercfg).</summary>
internal static class PullSecrets
{
    private const string DockerHub = "docker.io";

    /// <summary>
    /// Every credential from the secrets whose key matches the image, most specific key first (upstream's keyring:
    /// "reg.example/team" before "reg.example"; "https://", "/v1/" and "/v2/" are ignored). The kubelet tries them in turn.
    /// </summary>
    public static IReadOnlyList<AuthConfig> AuthsFor(string image, IEnumerable<V1Secret> secrets)
    {
        var registry = Registry(image);
        var repository = Repository(image);
        var matches = new List<(int Specificity, AuthConfig Auth)>();
        foreach (var secret in secrets)
        {
            foreach (var (server, entry) in Entries(secret))
            {
                var (host, path) = Key(server);
                if (host != registry || (path.Length > 0 && repository != path && !repository.StartsWith(path + "/", StringComparison.Ordinal)))
                {
                    continue;
                }

                // No ServerAddress, as upstream's keyring leaves it: the key is already matched to the image's registry
                // here, and containerd 1.6 parses a set ServerAddress as a URL ("127.0.0.1:5000" fails to parse).
                var auth = new AuthConfig
                {
                    Username = entry.TryGetProperty("username", out var u) ? u.GetString() ?? "" : "",
                    Password = entry.TryGetProperty("password", out var p) ? p.GetString() ?? "" : "",
                    Auth = entry.TryGetProperty("auth", out var a) ? a.GetString() ?? "" : "",
                };
                if (auth.Username.Length == 0 && auth.Auth.Length > 0 && Decode(auth.Auth) is { } decoded
                    && decoded.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
                {
                    auth.Username = decoded[..colon];
                    auth.Password = decoded[(colon + 1)..];
                }

                matches.Add((path.Length, auth));
            }
        }

        return [.. matches.OrderByDescending(m => m.Specificity).Select(m => m.Auth)];
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

    /// <summary>The repository path of an image reference without registry, tag or digest ("library/busybox" for "busybox").</summary>
    private static string Repository(string image)
    {
        var name = image.Split('@')[0];
        var lastSlash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > lastSlash)
        {
            name = name[..colon];
        }

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (Registry(image) == DockerHub)
        {
            var path = slash >= 0 && name[..slash] is var first && (first.Contains('.', StringComparison.Ordinal) || first == "localhost") ? name[(slash + 1)..] : name;
            return path.Contains('/', StringComparison.Ordinal) ? path : "library/" + path;
        }

        return name[(slash + 1)..];
    }

    /// <summary>A secret's key as registry host and path: scheme dropped, "/v1/" and "/v2/" meaning the host itself.</summary>
    private static (string Host, string Path) Key(string server)
    {
        var rest = server;
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            rest = rest[(scheme + 3)..];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var host = NormalizeServer(slash < 0 ? rest : rest[..slash]);
        var path = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        return (host, path is "v1" or "v2" ? "" : path);
    }

    private static string? Decode(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Docker Hub's other host names as "docker.io" (callers pass a bare host).</summary>
    private static string NormalizeServer(string host) => host is "index.docker.io" or "registry-1.docker.io" ? DockerHub : host;

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
