namespace KubeSharp.ApiServer.Auth;

/// <summary>The authenticated identity of a request (upstream's user.Info).</summary>
internal sealed record UserInfo(string Name, IReadOnlyList<string> Groups, string Uid = "")
{
    /// <summary>The identity of a request no authenticator recognised.</summary>
    public static UserInfo Anonymous { get; } = new("system:anonymous", ["system:unauthenticated"]);
}
