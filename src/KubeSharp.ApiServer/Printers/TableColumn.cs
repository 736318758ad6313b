namespace KubeSharp.ApiServer.Printers;

/// <summary>A meta.k8s.io/v1 TableColumnDefinition. Priority 0 columns show in `kubectl get`, 1 only with -o wide.</summary>
internal sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority = 0);
