namespace KubeSharp.Controllers.Disruption;

/// <summary>How many pods a budget expects and how many of them must stay healthy; pods without a controller are listed.</summary>
internal sealed record ExpectedPods(int ExpectedCount, int DesiredHealthy, IReadOnlyList<string> UnmanagedPods);
