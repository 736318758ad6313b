namespace KubeSharp.Kubelet.Volumes;

/// <summary>Permission bits from the API's decimal mode fields.</summary>
internal static class FileModes
{
    /// <summary>The API server's default for configMap, secret, projected and downwardAPI volumes (0644).</summary>
    public const int DefaultMode = 420;

    public static UnixFileMode From(int? mode, int? defaultMode) => (UnixFileMode)((mode ?? defaultMode ?? DefaultMode) & 0x1ff);
}
