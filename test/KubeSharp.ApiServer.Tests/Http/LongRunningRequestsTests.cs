using KubeSharp.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Tests.Http;

public sealed class LongRunningRequestsTests
{
    private static RequestInfo Info(string path, string query) =>
        RequestInfoParser.Parse("GET", path, new QueryString(query).HasValue
            ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).ToDictionary(q => q.Key, q => (string?)q.Value.ToString())
            : new Dictionary<string, string?>());

    [Theory]
    [InlineData("/api/v1/pods", "?watch=true", true)]
    [InlineData("/apis/apps/v1/namespaces/ns/deployments", "?watch=1&resourceVersion=5", true)]
    [InlineData("/api/v1/watch/namespaces/ns/pods", "", true)]
    [InlineData("/api/v1/namespaces/ns/pods/web/log", "?follow=true", true)]
    [InlineData("/api/v1/namespaces/ns/pods/web/exec", "?command=sh", true)]
    [InlineData("/api/v1/namespaces/ns/pods/web/portforward", "", true)]
    [InlineData("/api/v1/nodes/n1/proxy/stats/summary", "", true)]
    [InlineData("/api/v1/pods", "?watch=false", false)]
    [InlineData("/api/v1/namespaces/ns/pods/web", "", false)]
    [InlineData("/apis/apps/v1/namespaces/ns/deployments/web/status", "", false)]
    [InlineData("/api/v1/namespaces/ns/configmaps/proxy", "", false)]
    public void IsLongRunning_AsUpstreamsCheck(string path, string query, bool expected) =>
        Assert.Equal(expected, LongRunningRequests.IsLongRunning(Info(path, query)));

    [Fact]
    public void EndAtShutdown_WatchEndsWhenServerStops_OtherRequestsKeepTheirToken()
    {
        using var stopping = new CancellationTokenSource();
        var watch = new DefaultHttpContext();
        var get = new DefaultHttpContext();
        using var linked = LongRunningRequests.EndAtShutdown(watch, Info("/api/v1/pods", "?watch=true"), stopping.Token);
        using var none = LongRunningRequests.EndAtShutdown(get, Info("/api/v1/pods", ""), stopping.Token);

        stopping.Cancel();

        Assert.True(watch.RequestAborted.IsCancellationRequested);
        Assert.Null(none);
        Assert.False(get.RequestAborted.IsCancellationRequested);
    }
}
