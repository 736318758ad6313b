namespace KubeSharp.Testing;

/// <summary>Retries a network call while a server under test is still starting.</summary>
public static class Retry
{
    /// <summary>Repeats <paramref name="attempt"/> every 100 ms (at most 100 times) while it fails with a connection-type error.</summary>
    public static async Task<T> WhileStartingAsync<T>(Func<Task<T>> attempt)
    {
        for (var tries = 0; ; tries++)
        {
            try
            {
                return await attempt();
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && tries < 100)
            {
                await Task.Delay(100);
            }
        }
    }
}
