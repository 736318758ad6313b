using KubeSharp.Scheduler.Benchmarks;
using Xunit.Abstractions;

namespace KubeSharp.Scheduler.Tests;

public class SchedulingBasicBenchmarkTests
{
    private readonly ITestOutputHelper _output;

    public SchedulingBasicBenchmarkTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task RunAsync_SmallCluster_SchedulesEveryPod()
    {
        var output = new StringWriter();
        var rate = await SchedulingBasicBenchmark.RunAsync(50, 20, 100, output, CancellationToken.None);
        Assert.True(rate > 0);
        Assert.Contains("100 scheduled", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The full upstream shape, only when KUBESHARP_SCHED_BENCH=1 (run in Release).</summary>
    [Fact]
    public async Task RunAsync_UpstreamShape_PrintsRate()
    {
        if (Environment.GetEnvironmentVariable("KUBESHARP_SCHED_BENCH") != "1")
        {
            return;
        }
        var output = new StringWriter();
        await SchedulingBasicBenchmark.RunAsync(5000, 1000, 10000, output, CancellationToken.None);
        _output.WriteLine(output.ToString());
        await File.WriteAllTextAsync("/tmp/sched-bench.txt", output.ToString());
        Assert.Contains("10000 scheduled", output.ToString(), StringComparison.Ordinal);
    }
}
