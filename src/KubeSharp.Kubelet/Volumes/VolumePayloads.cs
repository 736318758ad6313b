using System.Text;
using k8s.Models;
using KubeSharp.Kubelet.Config;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>The files of configMap, secret and downwardAPI content as upstream's MakePayload/CollectData lay them out.</summary>
internal static class VolumePayloads
{
    public static void AddConfigMap(Dictionary<string, FileProjection> payload, V1ConfigMap configMap, IList<V1KeyToPath>? items, int? defaultMode, bool optional)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (k, v) in configMap.Data ?? new Dictionary<string, string>())
        {
            data[k] = Encoding.UTF8.GetBytes(v);
        }

        foreach (var (k, v) in configMap.BinaryData ?? new Dictionary<string, byte[]>())
        {
            data[k] = v;
        }

        AddKeys(payload, data, items, defaultMode, optional, key => $"configmap references non-existent config key: {key}");
    }

    public static void AddSecret(Dictionary<string, FileProjection> payload, V1Secret secret, IList<V1KeyToPath>? items, int? defaultMode, bool optional) =>
        AddKeys(payload, secret.Data ?? new Dictionary<string, byte[]>(), items, defaultMode, optional, key => $"references non-existent secret key: {key}");

    public static void AddDownwardApi(Dictionary<string, FileProjection> payload, V1Pod pod, IEnumerable<V1DownwardAPIVolumeFile> files, int? defaultMode, IReadOnlyDictionary<string, ResourceQuantity> nodeAllocatable)
    {
        foreach (var file in files)
        {
            string value;
            if (file.FieldRef is { } fieldRef)
            {
                value = FieldPathValues.ExtractMetadata(pod, fieldRef.FieldPath);
            }
            else if (file.ResourceFieldRef is { } resourceRef)
            {
                value = ResourceFieldValues.Value(resourceRef, pod, null, nodeAllocatable);
            }
            else
            {
                continue;
            }

            payload[Clean(file.Path)] = new FileProjection(Encoding.UTF8.GetBytes(value), FileModes.From(file.Mode, defaultMode));
        }
    }

    public static string Clean(string path) => string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != "."));

    private static void AddKeys(Dictionary<string, FileProjection> payload, IDictionary<string, byte[]> data, IList<V1KeyToPath>? items, int? defaultMode, bool optional, Func<string, string> missingKey)
    {
        if (items is null || items.Count == 0)
        {
            foreach (var (k, v) in data)
            {
                payload[k] = new FileProjection(v, FileModes.From(null, defaultMode));
            }

            return;
        }

        foreach (var item in items)
        {
            if (!data.TryGetValue(item.Key, out var content))
            {
                if (optional)
                {
                    continue;
                }

                throw new VolumeSetupException(missingKey(item.Key));
            }

            payload[Clean(item.Path)] = new FileProjection(content, FileModes.From(item.Mode, defaultMode));
        }
    }
}
