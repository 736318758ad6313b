namespace KubeSharp.Kubelet.Volumes;

/// <summary>A volume that cannot be set up yet; the message is the FailedMount event's text.</summary>
internal sealed class VolumeSetupException(string message, Exception? inner = null) : Exception(message, inner);
