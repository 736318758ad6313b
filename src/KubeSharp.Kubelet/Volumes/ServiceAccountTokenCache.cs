using KubeSharp.Kubelet.Sources;
using k8s.Models;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>
/// Service account tokens per pod, audience and lifetime, renewed after 80% of their lifetime as upstream's token manager
/// does, so that refreshing a projected volume does not issue a TokenRequest each time.
/// </summary>
internal sealed class ServiceAccountTokenCache(IPodObjectSource objects, TimeProvider time)
{
    private readonly Dictionary<(string Uid, string Audience, long Seconds), (string Token, DateTimeOffset RenewAt)> _tokens = [];
    private readonly Lock _lock = new();

    public async Task<string> GetAsync(V1Pod pod, string? audience, long expirationSeconds, CancellationToken cancellationToken)
    {
        var key = (pod.Metadata.Uid ?? "", audience ?? "", expirationSeconds);
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_tokens.TryGetValue(key, out var cached) && now < cached.RenewAt)
            {
                return cached.Token;
            }
        }

        var token = await objects.RequestServiceAccountTokenAsync(pod, audience, expirationSeconds, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _tokens[key] = (token, now.AddSeconds(expirationSeconds * 0.8));
        }

        return token;
    }

    public void Forget(string podUid)
    {
        lock (_lock)
        {
            foreach (var key in _tokens.Keys.Where(k => k.Uid == podUid).ToList())
            {
                _tokens.Remove(key);
            }
        }
    }
}
