namespace KubeSharp.Controllers.Disruption;

/// <summary>A workload controlling pods and its desired number of replicas (upstream's controllerAndScale).</summary>
internal sealed record ControllerScale(string Uid, int Scale);
