namespace KubeSharp.E2E.Infrastructure;

public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    public KubectlResult Ok()
    {
        Assert.True(ExitCode == 0, $"kubectl failed with exit code {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        return this;
    }

    public KubectlResult Fails()
    {
        Assert.True(ExitCode != 0, $"kubectl unexpectedly succeeded\nstdout:\n{Stdout}");
        return this;
    }
}
