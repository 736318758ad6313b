using System.Diagnostics;

namespace KubeSharp.Testing;

/// <summary>
/// Debian's docker-registry (distribution 2.8) on 127.0.0.1 with a free port, plain HTTP and a temporary storage dir;
/// stopped by its pid. Fails with an install hint when docker-registry is missing. With a user and password it asks for
/// them (htpasswd auth, bcrypt file made by apache2-utils' htpasswd), as a private registry does.
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

    public static async Task<DockerRegistryProcess> StartAsync(string? user = null, string? password = null)
    {
        const string binary = "/usr/bin/docker-registry";
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException("docker-registry is not installed: apt-get install -y docker-registry (scripts/install.sh does)");
        }

        var dir = Directory.CreateTempSubdirectory("ks-registry-").FullName;
        var address = $"127.0.0.1:{FreePort.Next()}";
        var config = Path.Combine(dir, "config.yml");
        var auth = "";
        if (user is not null)
        {
            var htpasswd = Path.Combine(dir, "htpasswd");
            var tool = new ProcessStartInfo("htpasswd", ["-Bbn", user, password ?? ""]) { RedirectStandardOutput = true, UseShellExecute = false };
            using (var htpasswdProcess = Process.Start(tool) ?? throw new InvalidOperationException("htpasswd is missing: apt-get install -y apache2-utils (scripts/install.sh does)"))
            {
                await File.WriteAllTextAsync(htpasswd, await htpasswdProcess.StandardOutput.ReadToEndAsync());
                await htpasswdProcess.WaitForExitAsync();
                if (htpasswdProcess.ExitCode != 0)
                {
                    throw new InvalidOperationException($"htpasswd exited with code {htpasswdProcess.ExitCode}");
                }
            }
            auth = $"""
                auth:
                  htpasswd:
                    realm: kubesharp-test
                    path: {htpasswd}
                """;
        }

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
            {auth}
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
                    : await Answering(await http.GetAsync(new Uri($"http://{address}/v2/")), user is not null));
            return registry;
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    /// <summary>Up: /v2/ answers 200, or 401 when it asks for credentials.</summary>
    private static Task<HttpResponseMessage> Answering(HttpResponseMessage response, bool authenticated) =>
        Task.FromResult(authenticated && response.StatusCode == System.Net.HttpStatusCode.Unauthorized ? response : response.EnsureSuccessStatusCode());

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
