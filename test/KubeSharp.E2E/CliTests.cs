using KubeSharp.E2E.Infrastructure;

namespace KubeSharp.E2E;

/// <summary>Bad flags get a clear message and exit code 2 before anything starts.</summary>
public sealed class CliTests
{
    [Theory]
    [InlineData("memory.available>100Mi", "invalid --eviction-hard: invalid eviction threshold syntax memory.available>100Mi, expected <signal><operator><value>")]
    [InlineData("cpu.available<1", "invalid --eviction-hard: unsupported eviction signal cpu.available")]
    [InlineData("nodefs.available<150%", "invalid --eviction-hard: invalid percentage 150% for eviction signal nodefs.available")]
    public async Task Agent_BadEvictionHard_ExitTwoWithMessage(string value, string message)
    {
        var result = await ProcessRunner.KubesharpAsync("agent", "--server", "https://127.0.0.1:1", "--token", "t", "--eviction-hard", value);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(message, result.Stderr.Trim());
    }

    [Fact]
    public async Task Server_BadClusterCidr_ExitTwoWithMessage()
    {
        var result = await ProcessRunner.KubesharpAsync("server", "--data-dir", Path.Combine(Path.GetTempPath(), "ks-cli-" + Guid.NewGuid().ToString("N")), "--cluster-cidr", "10.0.0.0/99");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("invalid --cluster-cidr 10.0.0.0/99", result.Stderr.Trim());
    }
}
