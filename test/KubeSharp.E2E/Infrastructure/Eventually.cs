namespace KubeSharp.E2E.Infrastructure;

/// <summary>Polls a condition that the cluster's control loops will make true, failing with the last observation after a deadline.</summary>
internal static class Eventually
{
    public static async Task<string> KubectlAsync(ClusterFixture cluster, Func<string, bool> done, TimeSpan timeout, params string[] args)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (true)
        {
            var result = await cluster.KubectlAsync(args);
            last = result.Stdout + result.Stderr;
            if (result.ExitCode == 0 && done(result.Stdout))
            {
                return result.Stdout;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"kubectl {string.Join(' ', args)} did not reach the expected state within {timeout}; last output:\n{last}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>True once <paramref name="condition"/> holds, false when it still does not after <paramref name="timeout"/>.</summary>
    public static async Task<bool> ConditionAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(250);
        }

        return true;
    }

    /// <summary>The first value <paramref name="read"/> returns without throwing; its last exception after <paramref name="timeout"/>.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return await read();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }
}
