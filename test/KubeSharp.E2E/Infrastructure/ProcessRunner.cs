using System.Diagnostics;

namespace KubeSharp.E2E.Infrastructure;

internal static class ProcessRunner
{
    /// <summary>The kubesharp binary built beside the tests.</summary>
    public static string KubesharpDll { get; } = Path.Combine(AppContext.BaseDirectory, "kubesharp.dll");

    /// <summary>Runs a `kubesharp` command (images, killall, a flag check) to its end.</summary>
    public static Task<KubectlResult> KubesharpAsync(params string[] args) =>
        RunAsync("dotnet", [KubesharpDll, .. args], new Dictionary<string, string>(), null);

    public static async Task<KubectlResult> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? env = null, string? stdin = null,
        TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin);
        }

        p.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            return new KubectlResult(-1, await stdout, await stderr + $"\n(timed out after {timeout ?? TimeSpan.FromSeconds(90)})");
        }

        return new KubectlResult(p.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running process (e.g. kubectl port-forward) with its output discarded; the caller kills it by PID.</summary>
    public static Process Start(string file, IEnumerable<string> args, IDictionary<string, string> env)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
