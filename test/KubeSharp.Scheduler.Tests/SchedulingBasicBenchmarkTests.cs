using KubeSharp.Scheduler.Benchmarks;

namespace KubeSharp.Scheduler.Tests;

public class SchedulingBasicBenchmarkTests
{
    [Fact]
    public async Task RunAsync_SmallCluster_SchedulesEveryPod()
    {
        var output = new StringWriter();
        var rate = await SchedulingBasicBenchmark.RunAsync(50, 20, 100, output, CancellationToken.None);
        Assert.True(rate > 0);
        Assert.Contains("100 scheduled", output.ToString(), StringComparison.Ordinal);
    }
}
