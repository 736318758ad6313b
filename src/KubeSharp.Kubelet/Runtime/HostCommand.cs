using System.Diagnostics;

namespace KubeSharp.Kubelet.Runtime;

/// <summary>Runs host tools (ctr, ip, iptables, umount, runc) and collects what they print.</summary>
internal static class HostCommand
{
    public static async Task<CommandResult> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CommandResult(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }

    /// <summary>Runs the command and throws with its error output when it fails.</summary>
    public static async Task<string> RunCheckedAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var list = arguments.ToList();
        var result = await RunAsync(fileName, list, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? result.Output
            : throw new InvalidOperationException($"{fileName} {string.Join(' ', list)} exited with code {result.ExitCode}: {result.Error.Trim()}");
    }
}
