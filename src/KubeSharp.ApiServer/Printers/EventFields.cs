namespace KubeSharp.ApiServer.Printers;

/// <summary>Where core/v1 and events.k8s.io/v1 events keep the fields the event table prints.</summary>
internal sealed record EventFields(string FirstTimestamp, string LastTimestamp, string Count, string InvolvedObject, string Message, string Source);
