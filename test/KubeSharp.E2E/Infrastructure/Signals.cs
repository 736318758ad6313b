using System.Diagnostics;

namespace KubeSharp.E2E.Infrastructure;

/// <summary>Stops a process as an init system does: SIGTERM, then SIGKILL if it has not exited within the limit.</summary>
internal static class Signals
{
    /// <summary>The exit code after SIGTERM; throws <see cref="TimeoutException"/> (after SIGKILL) when the process ignored it.</summary>
    public static async Task<int> TerminateAsync(Process process, TimeSpan limit)
    {
        if (process.HasExited)
        {
            return process.ExitCode;
        }

        (await ProcessRunner.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string>(), null)).Ok();

        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"process {process.Id} did not exit within {limit} of SIGTERM");
        }
    }
}
