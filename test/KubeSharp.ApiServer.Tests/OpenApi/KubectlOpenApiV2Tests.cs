using System.Diagnostics;
using KubeSharp.ApiServer.Auth;
using KubeSharp.ApiServer.Tests.Integration;

namespace KubeSharp.ApiServer.Tests.OpenApi;

/// <summary>
/// The real kubectl 1.27 (and the later versions shipped beside it), which reads /openapi/v2 only as gnostic protobuf: for explain,
/// for client-side validation and to learn that the server validates fields itself (the fieldValidation parameter on each PATCH).
/// </summary>
public sealed class KubectlOpenApiV2Tests(ApiServerFixture api) : IClassFixture<ApiServerFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kubesharp-kubectl-").FullName;

    [Theory]
    [InlineData("1.27")]
    [InlineData("1.28")]
    [InlineData("1.29")]
    [InlineData("1.30")]
    [InlineData("1.31")]
    [InlineData("1.32")]
    [InlineData("1.33")]
    public async Task Explain_PodContainers_FieldDescriptions(string version)
    {
        // These explain from /openapi/v3 by default, but only after they have parsed /openapi/v2.
        var (exitCode, stdout, stderr) = await KubectlVersionAsync(version, "explain", "pods.spec.containers");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("KIND:       Pod", stdout, StringComparison.Ordinal);
        Assert.Contains("List of containers belonging to the pod", stdout, StringComparison.Ordinal);
        Assert.Contains("  name\t<string> -required-", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplainOpenApiV2_PodContainers_FieldDescriptionsFromProtobuf()
    {
        var (exitCode, stdout, stderr) = await KubectlAsync("explain", "pods.spec.containers", "--output", "plaintext-openapiv2");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("KIND:     Pod", stdout, StringComparison.Ordinal);
        Assert.Contains("RESOURCE: containers <[]Object>", stdout, StringComparison.Ordinal);
        Assert.Contains("List of containers belonging to the pod", stdout, StringComparison.Ordinal);
        Assert.Contains("   name\t<string> -required-", stdout, StringComparison.Ordinal);
        Assert.Contains("   image\t<string>", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplainOpenApiV2_DeploymentStrategy_FieldDescriptionsFromProtobuf()
    {
        var (exitCode, stdout, stderr) = await KubectlAsync("explain", "deployment.spec.strategy", "--output", "plaintext-openapiv2");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("KIND:     Deployment", stdout, StringComparison.Ordinal);
        Assert.Contains("VERSION:  apps/v1", stdout, StringComparison.Ordinal);
        Assert.Contains("RESOURCE: strategy <Object>", stdout, StringComparison.Ordinal);
        Assert.Contains("DeploymentStrategy describes how to replace existing pods with new ones.", stdout, StringComparison.Ordinal);
        Assert.Contains("   rollingUpdate\t<Object>", stdout, StringComparison.Ordinal);
        Assert.Contains("   type\t<string>", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_DeploymentStrategy_FieldDescriptions()
    {
        var (exitCode, stdout, stderr) = await KubectlAsync("explain", "deployment.spec.strategy");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("KIND:       Deployment", stdout, StringComparison.Ordinal);
        Assert.Contains("rollingUpdate\t<RollingUpdateDeployment>", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_DeploymentWithUnknownField_StrictValidationReportsIt()
    {
        var manifest = Path.Combine(_dir, "deployment.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: strict-check
              namespace: default
            spec:
              replicas: 1
              bogusField: true
              selector:
                matchLabels: {app: strict-check}
              template:
                metadata:
                  labels: {app: strict-check}
                spec:
                  containers:
                  - name: app
                    image: nginx
            """);
        // -v=6 logs request URLs: fieldValidation=Strict is sent only when /openapi/v2 lists it for the kind's PATCH.
        var (exitCode, stdout, stderr) = await KubectlAsync("create", "-f", manifest, "-v=6");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("fieldValidation=Strict", stderr, StringComparison.Ordinal);
        Assert.Contains("unknown field \"spec.bogusField\"", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("created", stdout, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<(int ExitCode, string Stdout, string Stderr)> KubectlAsync(params string[] args) => KubectlVersionAsync("1.27", args);

    private async Task<(int ExitCode, string Stdout, string Stderr)> KubectlVersionAsync(string version, params string[] args)
    {
        var kubeconfig = Path.Combine(_dir, "kubeconfig");
        if (!File.Exists(kubeconfig))
        {
            KubeconfigWriter.Write(kubeconfig, api.Server.AdminKubeconfig());
        }

        var start = new ProcessStartInfo(Kubectl(version), [.. args, "--cache-dir", Path.Combine(_dir, "cache-" + version), "--request-timeout=20s"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["KUBECONFIG"] = kubeconfig;
        start.Environment["HOME"] = _dir;
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>kubectl.1.27 ... kubectl.1.33 ship next to the kubectl on PATH (symlinks resolved); a missing binary fails the test.</summary>
    private static string Kubectl(string version)
    {
        var kubectl = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists);
        Assert.True(kubectl is not null, "kubectl is not on PATH");
        var resolved = File.ResolveLinkTarget(kubectl!, returnFinalTarget: true)?.FullName ?? kubectl!;
        var versioned = Path.Combine(Path.GetDirectoryName(resolved)!, "kubectl." + version);
        Assert.True(File.Exists(versioned), versioned + " is missing");
        return versioned;
    }
}
