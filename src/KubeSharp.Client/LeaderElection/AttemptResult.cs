namespace KubeSharp.Client;

/// <summary>The outcome of one acquire-or-renew attempt of <see cref="LeaderElector"/>.</summary>
internal enum AttemptResult
{
    Holding,
    HeldByOther,
    Failed,
}
