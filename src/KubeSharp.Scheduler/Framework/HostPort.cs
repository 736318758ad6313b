namespace KubeSharp.Scheduler.Framework;

/// <summary>A host port a pod claims; an empty or 0.0.0.0 IP conflicts with every IP on the same protocol and port.</summary>
internal readonly record struct HostPort(string Ip, string Protocol, int Port)
{
    public bool IsWildcard => Ip.Length == 0 || Ip == "0.0.0.0";

    public bool ConflictsWith(HostPort other) =>
        Port == other.Port && Protocol == other.Protocol && (IsWildcard || other.IsWildcard || Ip == other.Ip);
}
