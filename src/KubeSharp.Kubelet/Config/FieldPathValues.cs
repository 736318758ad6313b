using System.Text;
using k8s.Models;

namespace KubeSharp.Kubelet.Config;

/// <summary>Upstream's fieldpath package: the value of a downward API fieldRef of a pod.</summary>
internal static class FieldPathValues
{
    /// <summary>
    /// The value of a pod field as the kubelet gives it to an env var's fieldRef: metadata fields through
    /// <see cref="ExtractMetadata"/>, plus spec.nodeName, spec.serviceAccountName, status.hostIP(s) and status.podIP(s).
    /// </summary>
    public static string PodFieldValue(V1ObjectFieldSelector selector, V1Pod pod, EnvironmentInputs inputs)
    {
        var path = ConvertFieldLabel(selector.ApiVersion, selector.FieldPath);
        switch (path)
        {
            case "spec.nodeName":
                return pod.Spec?.NodeName ?? "";
            case "spec.serviceAccountName":
                return pod.Spec?.ServiceAccountName ?? "";
            case "status.hostIP":
                return HostIps(pod, inputs).FirstOrDefault() ?? "";
            case "status.hostIPs":
                return string.Join(",", HostIps(pod, inputs));
            case "status.podIP":
                return inputs.PodIps.FirstOrDefault() ?? "";
            case "status.podIPs":
                return string.Join(",", inputs.PodIps);
            default:
                return ExtractMetadata(pod, path);
        }
    }

    /// <summary>metadata.name/namespace/uid, metadata.labels and metadata.annotations (whole or one ['key']).</summary>
    public static string ExtractMetadata(V1Pod pod, string fieldPath)
    {
        var meta = pod.Metadata;
        if (TrySplitSubscript(fieldPath, out var path, out var key))
        {
            var map = path switch
            {
                "metadata.annotations" => meta.Annotations,
                "metadata.labels" => meta.Labels,
                _ => throw new ContainerConfigException($"fieldPath {fieldPath} does not support subscript"),
            };
            return map is not null && map.TryGetValue(key, out var value) ? value : "";
        }

        return fieldPath switch
        {
            "metadata.annotations" => FormatMap(meta.Annotations),
            "metadata.labels" => FormatMap(meta.Labels),
            "metadata.name" => meta.Name ?? "",
            "metadata.namespace" => meta.NamespaceProperty ?? "",
            "metadata.uid" => meta.Uid ?? "",
            _ => throw new ContainerConfigException($"unsupported fieldPath: {fieldPath}"),
        };
    }

    /// <summary>Upstream's FormatMap: key="value" lines (Go %q), sorted by key, without a trailing newline.</summary>
    public static string FormatMap(IDictionary<string, string>? map)
    {
        if (map is null || map.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder();
        foreach (var key in map.Keys.Order(StringComparer.Ordinal))
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            sb.Append(key).Append('=').Append(GoQuote.Quote(map[key]));
        }

        return sb.ToString();
    }

    private static IEnumerable<string> HostIps(V1Pod pod, EnvironmentInputs inputs)
    {
        if (inputs.HostIps.Count > 0)
        {
            return inputs.HostIps;
        }

        if (pod.Status?.HostIPs is { Count: > 0 } ips)
        {
            return ips.Select(ip => ip.Ip);
        }

        return string.IsNullOrEmpty(pod.Status?.HostIP) ? [] : [pod.Status.HostIP];
    }

    private static string ConvertFieldLabel(string? apiVersion, string fieldPath)
    {
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != "v1")
        {
            throw new ContainerConfigException($"unsupported pod version: {apiVersion}");
        }

        if (TrySplitSubscript(fieldPath, out var path, out _) && path is "metadata.annotations" or "metadata.labels")
        {
            return fieldPath;
        }

        return fieldPath switch
        {
            "metadata.annotations" or "metadata.labels" or "metadata.name" or "metadata.namespace" or "metadata.uid"
                or "spec.nodeName" or "spec.restartPolicy" or "spec.serviceAccountName" or "spec.schedulerName"
                or "status.phase" or "status.hostIP" or "status.hostIPs" or "status.podIP" or "status.podIPs" => fieldPath,
            _ => throw new ContainerConfigException($"field label not supported: {fieldPath}"),
        };
    }

    // Upstream's SplitMaybeSubscriptedPath: "metadata.labels['key']" → ("metadata.labels", "key").
    private static bool TrySplitSubscript(string fieldPath, out string path, out string key)
    {
        path = fieldPath;
        key = "";
        if (!fieldPath.EndsWith("']", StringComparison.Ordinal))
        {
            return false;
        }

        var open = fieldPath.IndexOf("['", StringComparison.Ordinal);
        if (open < 0)
        {
            return false;
        }

        path = fieldPath[..open];
        key = fieldPath[(open + 2)..^2];
        return true;
    }
}
