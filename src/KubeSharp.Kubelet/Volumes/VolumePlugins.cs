namespace KubeSharp.Kubelet.Volumes;

/// <summary>Upstream's plugin directory names under pods/&lt;uid&gt;/volumes/.</summary>
internal static class VolumePlugins
{
    public const string EmptyDir = "kubernetes.io~empty-dir";
    public const string ConfigMap = "kubernetes.io~configmap";
    public const string Secret = "kubernetes.io~secret";
    public const string Projected = "kubernetes.io~projected";
    public const string DownwardApi = "kubernetes.io~downward-api";
}
