namespace KubeSharp.Controllers.Tests.Endpoints;

/// <summary>Polls the real API server until a condition holds: controllers act asynchronously on real watches.</summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
        where T : class
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        T? last = null;
        while (!cts.IsCancellationRequested)
        {
            last = await probe();
            if (last is not null && done(last))
            {
                return last;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        throw new TimeoutException($"Timed out waiting for {what}; last seen: {(last is null ? "nothing" : k8s.KubernetesJson.Serialize(last))}");
    }
}
