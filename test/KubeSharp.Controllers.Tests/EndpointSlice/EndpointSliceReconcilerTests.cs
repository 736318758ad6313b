using k8s.Models;
using KubeSharp.Controllers.EndpointSlice;

namespace KubeSharp.Controllers.Tests.EndpointSlice;

public sealed class EndpointSliceReconcilerTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly V1Service Service = new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "ns", Uid = "svc-uid" },
        Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "web" } },
    };

    private static readonly List<Discoveryv1EndpointPort> Http = [new() { Name = "http", Port = 8080, Protocol = "TCP" }];

    private static V1Endpoint Endpoint(int i, bool ready = true) => new()
    {
        Addresses = [$"10.0.{i / 250}.{i % 250}"],
        Conditions = new V1EndpointConditions { Ready = ready, Serving = ready, Terminating = false },
        TargetRef = new V1ObjectReference { Kind = "Pod", Name = $"p{i}", Uid = $"uid-{i:D4}" },
    };

    private static DesiredEndpoints Desired(IEnumerable<V1Endpoint> endpoints) =>
        new("IPv4", Http, new SortedDictionary<string, V1Endpoint>(endpoints.ToDictionary(EndpointSliceReconciler.EndpointKey), StringComparer.Ordinal));

    private static V1EndpointSlice Existing(string name, params V1Endpoint[] endpoints) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "ns",
            Labels = EndpointSliceReconciler.Labels(Service),
            OwnerReferences = [EndpointSliceReconciler.Owner(Service)],
        },
        AddressType = "IPv4",
        Ports = Http,
        Endpoints = [.. endpoints],
    };

    [Fact]
    public void Plan_250EndpointsNoSlices_CreatesThreeSlicesOfAtMost100()
    {
        var plan = EndpointSliceReconciler.Plan(Service, [Desired(Enumerable.Range(0, 250).Select(i => Endpoint(i)))], [], Now);

        Assert.Equal([100, 100, 50], plan.Creates.Select(s => s.Endpoints.Count));
        Assert.Empty(plan.Updates);
        Assert.Empty(plan.Deletes);
        Assert.All(plan.Creates, s => Assert.Equal("web-", s.Metadata.GenerateName));
    }

    [Fact]
    public void Plan_OneEndpointChangedOneAdded_UpdatesTheSliceInPlaceOnly()
    {
        var existing = Existing("web-abc", Endpoint(1), Endpoint(2));

        var plan = EndpointSliceReconciler.Plan(Service, [Desired([Endpoint(1), Endpoint(2, ready: false), Endpoint(3)])], [existing], Now);

        var update = Assert.Single(plan.Updates);
        Assert.Equal("web-abc", update.Metadata.Name);
        Assert.Equal(["uid-0001", "uid-0002", "uid-0003"], update.Endpoints.Select(e => e.TargetRef.Uid));
        Assert.False(update.Endpoints[1].Conditions.Ready);
        Assert.Empty(plan.Creates);
        Assert.Empty(plan.Deletes);
    }

    [Fact]
    public void Plan_NothingChanged_IsEmpty()
    {
        var plan = EndpointSliceReconciler.Plan(Service, [Desired([Endpoint(1), Endpoint(2)])], [Existing("web-abc", Endpoint(1), Endpoint(2))], Now);

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Plan_AllEndpointsGone_TurnsASliceIntoThePlaceholder()
    {
        var plan = EndpointSliceReconciler.Plan(Service, [Desired([])], [Existing("web-a", Endpoint(1)), Existing("web-b", Endpoint(2))], Now);

        var placeholder = Assert.Single(plan.Updates);
        Assert.Empty(placeholder.Endpoints);
        Assert.Empty(placeholder.Ports);
        Assert.Single(plan.Deletes);
        Assert.Empty(plan.Creates);
    }

    [Fact]
    public void Plan_FullSliceAndNewEndpoint_CreatesASecondSlice()
    {
        var full = Existing("web-a", [.. Enumerable.Range(0, 100).Select(i => Endpoint(i))]);

        var plan = EndpointSliceReconciler.Plan(Service, [Desired(Enumerable.Range(0, 101).Select(i => Endpoint(i)))], [full], Now);

        Assert.Equal("uid-0100", Assert.Single(Assert.Single(plan.Creates).Endpoints).TargetRef.Uid);
        Assert.Empty(plan.Updates);
    }
}
