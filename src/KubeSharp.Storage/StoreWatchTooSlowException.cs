namespace KubeSharp.Storage;

/// <summary>
/// Ends a watch whose reader fell so far behind that its buffer overflowed; the store drops such a watcher rather than
/// hold up writers. The API server should end the client's watch (as upstream does for an unresponsive watcher, or
/// answer 410 Gone / Expired) so that the client lists and watches again.
/// </summary>
public sealed class StoreWatchTooSlowException(string prefix, int bufferSize)
    : StoreException($"watch on {prefix} fell more than {bufferSize} events behind and was closed")
{
    public string Prefix { get; } = prefix;
}
