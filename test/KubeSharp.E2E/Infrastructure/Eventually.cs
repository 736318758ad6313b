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
}
