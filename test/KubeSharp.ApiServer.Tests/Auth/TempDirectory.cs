namespace KubeSharp.ApiServer.Tests.Auth;

/// <summary>A scratch directory removed when the test ends.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("kubesharp-pki-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
