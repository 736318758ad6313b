namespace KubeSharp.Kubelet.Tests.Simulation;

/// <summary>Polls the API server until a condition holds: the pool works asynchronously against a real server.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Returns the first non-null value of <paramref name="probe"/>; <paramref name="tick"/> runs between probes
    /// (to move fake time on, so timers armed a moment late still fire).</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, Action? tick = null)
        where T : class
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out waiting for {what}");
            }

            tick?.Invoke();
            await Task.Delay(Poll, CancellationToken.None);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> probe, string what, Action? tick = null) =>
        GetAsync(async () => await probe() ? what : null, what, tick);
}
