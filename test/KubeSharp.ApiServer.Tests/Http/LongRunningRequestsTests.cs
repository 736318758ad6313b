using KubeSharp.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Tests.Http;

public sealed class LongRunningRequestsTests
{
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
    public void IsLongRunning_AsUpstreamsCheck(string path, string query, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        Assert.Equal(expected, LongRunningRequests.IsLongRunning(context.Request));
    }

    [Fact]
    public async Task EndAtShutdown_WatchEndsWhenServerStops_OtherRequestsKeepTheirToken()
    {
        using var stopping = new CancellationTokenSource();
        var middleware = LongRunningRequests.EndAtShutdown(stopping.Token);
        var watch = new DefaultHttpContext();
        watch.Request.Path = "/api/v1/pods";
        watch.Request.QueryString = new QueryString("?watch=true");
        var get = new DefaultHttpContext();
        get.Request.Path = "/api/v1/pods";
        var seen = new Dictionary<HttpContext, CancellationToken>();
        await middleware(watch, c => { seen[c] = c.RequestAborted; stopping.Cancel(); return Task.CompletedTask; });
        await middleware(get, c => { seen[c] = c.RequestAborted; return Task.CompletedTask; });
        Assert.True(seen[watch].IsCancellationRequested);
        Assert.False(seen[get].IsCancellationRequested);
    }
}
