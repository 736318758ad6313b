using System.Diagnostics;

namespace KubeSharp.Testing;

/// <summary>
/// Debian's docker-registry (distribution 2.8) on 127.0.0.1 with a free port, plain HTTP and a temporary storage dir;
/// stopped by its pid. Fails with an install hint when docker-registry is missing.
/// </summary>
public sealed class DockerRegistryProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string dir;

    private DockerRegistryProcess(Process process, string dir, string address)
    {
        this.process = process;
        this.dir = dir;
        Address = address;
    }

    /// <summary>host:port, as image references name the registry.</summary>
    public string Address { get; }

    public static async Task<DockerRegistryProcess> StartAsync()
    {
        const string binary = "/usr/bin/docker-registry";
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException("docker-registry is not installed: apt-get install -y docker-registry (scripts/install.sh does)");
        }

        var dir = Directory.CreateTempSubdirectory("ks-registry-").FullName;
        var address = $"127.0.0.1:{FreePort.Next()}";
        var config = Path.Combine(dir, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(dir, "storage")}
              delete:
                enabled: true
            http:
              addr: {address}
            """);
        var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start docker-registry");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new DockerRegistryProcess(process, dir, address);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            await Retry.WhileStartingAsync(async () =>
                process.HasExited
                    ? throw new InvalidOperationException($"docker-registry exited with code {process.ExitCode}")
                    : (await http.GetAsync(new Uri($"http://{address}/v2/"))).EnsureSuccessStatusCode());
            return registry;
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Directory.Delete(dir, recursive: true);
    }
}
