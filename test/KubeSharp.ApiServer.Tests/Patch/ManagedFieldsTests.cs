using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Patch;

namespace KubeSharp.ApiServer.Tests.Patch;

public class ManagedFieldsTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(1);

    private static JsonObject J(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Deployment(int replicas, string image, string labels = "\"app\":\"web\"") => J("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","labels":{LABELS}},
         "spec":{"replicas":REPLICAS,"selector":{"matchLabels":{"app":"web"}},
           "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"IMAGE"}]}}}}
        """.Replace("LABELS", labels, StringComparison.Ordinal).Replace("REPLICAS", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("IMAGE", image, StringComparison.Ordinal));

    private static JsonObject Fields(JsonObject obj, string manager) =>
        obj["metadata"]!["managedFields"]!.AsArray().Single(e => (string)e!["manager"]! == manager)!["fieldsV1"]!.AsObject();

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), actual?.ToJsonString());

    [Fact]
    public void Apply_Create_RecordsApplyEntryInUpstreamShape()
    {
        var result = ManagedFields.Apply(null, Deployment(2, "nginx:1"), "kubectl", false, "apps/v1", T0);

        Assert.Equal(2, (int)result["spec"]!["replicas"]!);
        var entry = result["metadata"]!["managedFields"]!.AsArray().Single()!.AsObject();
        Assert.Equal(["manager", "operation", "apiVersion", "time", "fieldsType", "fieldsV1"], entry.Select(p => p.Key));
        Assert.Equal("kubectl", (string)entry["manager"]!);
        Assert.Equal("Apply", (string)entry["operation"]!);
        Assert.Equal("2024-05-01T10:00:00Z", (string)entry["time"]!);
        AssertJson("""
            {"f:metadata":{"f:labels":{"f:app":{}}},
             "f:spec":{"f:replicas":{},"f:selector":{},
               "f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
                 "f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{}}}}}}}
            """, entry["fieldsV1"]);
    }

    [Fact]
    public void Apply_ReapplyWithoutField_RemovesIt()
    {
        var live = ManagedFields.Apply(null, Deployment(2, "nginx:1", "\"app\":\"web\",\"tier\":\"front\""), "kubectl", false, "apps/v1", T0);

        var result = ManagedFields.Apply(live, Deployment(2, "nginx:1"), "kubectl", false, "apps/v1", T1);

        AssertJson("""{"app":"web"}""", result["metadata"]!["labels"]);
        Assert.Null(Fields(result, "kubectl")["f:metadata"]!["f:labels"]!["f:tier"]);
    }

    [Fact]
    public void Apply_TwoManagersOwningDifferentFields_KeepBoth()
    {
        var live = ManagedFields.Apply(null, Deployment(2, "nginx:1"), "kubectl", false, "apps/v1", T0);
        var scaler = J("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"owner":"hpa"}}}""");

        var result = ManagedFields.Apply(live, scaler, "hpa", false, "apps/v1", T1);

        AssertJson("""{"app":"web","owner":"hpa"}""", result["metadata"]!["labels"]);
        Assert.Equal(2, result["metadata"]!["managedFields"]!.AsArray().Count);
        AssertJson("""{"f:metadata":{"f:labels":{"f:owner":{}}}}""", Fields(result, "hpa"));

        // kubectl re-applies without the hpa label: the label stays, it is hpa's.
        var again = ManagedFields.Apply(result, Deployment(2, "nginx:1"), "kubectl", false, "apps/v1", T1);
        AssertJson("""{"app":"web","owner":"hpa"}""", again["metadata"]!["labels"]);
    }

    [Fact]
    public void Apply_ChangingFieldOwnedByOtherManager_Throws409WithCause()
    {
        var created = Deployment(2, "nginx:1");
        ManagedFields.RecordUpdate(null, created, "kubectl-client-side-apply", "apps/v1", T0);

        var ex = Assert.Throws<ApiException>(() => ManagedFields.Apply(created, Deployment(5, "nginx:1"), "kubectl", false, "apps/v1", T1));

        Assert.Equal(409, ex.Code);
        Assert.Equal("Conflict", ex.Reason);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas", ex.Message);
        var cause = Assert.Single(ex.Details!.Causes!);
        Assert.Equal("FieldManagerConflict", cause.Reason);
        Assert.Equal(".spec.replicas", cause.Field);
        Assert.Equal("conflict with \"kubectl-client-side-apply\" using apps/v1", cause.Message);
        Assert.Equal(409, (int)ex.ToStatus()["code"]!);
    }

    [Fact]
    public void Apply_SeveralConflicts_ListsThemPerManager()
    {
        var live = ManagedFields.Apply(null, Deployment(2, "nginx:1"), "alice", false, "apps/v1", T0);

        var ex = Assert.Throws<ApiException>(() => ManagedFields.Apply(live, Deployment(3, "nginx:2"), "bob", false, "apps/v1", T1));

        Assert.Equal("Apply failed with 2 conflicts: conflicts with \"alice\":\n- .spec.replicas\n- .spec.template.spec.containers[name=\"nginx\"].image", ex.Message);
        Assert.Equal(2, ex.Details!.Causes!.Count);
    }

    [Fact]
    public void Apply_Force_TakesOwnership()
    {
        var live = ManagedFields.Apply(null, Deployment(2, "nginx:1"), "alice", false, "apps/v1", T0);

        var result = ManagedFields.Apply(live, Deployment(5, "nginx:1"), "bob", true, "apps/v1", T1);

        Assert.Equal(5, (int)result["spec"]!["replicas"]!);
        Assert.Null(Fields(result, "alice")["f:spec"]!["f:replicas"]);
        Assert.NotNull(Fields(result, "bob")["f:spec"]!["f:replicas"]);
    }

    [Fact]
    public void Apply_AfterClientSideApplyWithSameValues_SharesOwnershipWithoutConflict()
    {
        var created = Deployment(2, "nginx:1");
        ManagedFields.RecordUpdate(null, created, "kubectl-client-side-apply", "apps/v1", T0);

        var result = ManagedFields.Apply(created, Deployment(2, "nginx:1"), "kubectl", false, "apps/v1", T1);

        Assert.NotNull(Fields(result, "kubectl-client-side-apply")["f:spec"]!["f:replicas"]);
        Assert.NotNull(Fields(result, "kubectl")["f:spec"]!["f:replicas"]);
        Assert.Equal("Apply", (string)result["metadata"]!["managedFields"]![0]!["operation"]!);
    }

    [Fact]
    public void RecordUpdate_Create_OwnsEverythingButServerFields()
    {
        var created = Deployment(2, "nginx:1");
        created["metadata"]!["uid"] = "u";
        created["metadata"]!["resourceVersion"] = "5";
        created["status"] = new JsonObject { ["replicas"] = 0 };

        ManagedFields.RecordUpdate(null, created, "kubectl-create", "apps/v1", T0, resetFields: ["status"]);

        var entry = created["metadata"]!["managedFields"]!.AsArray().Single()!.AsObject();
        Assert.Equal("Update", (string)entry["operation"]!);
        AssertJson("""
            {"f:metadata":{"f:labels":{".":{},"f:app":{}}},
             "f:spec":{"f:replicas":{},"f:selector":{},
               "f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},
                 "f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{}}}}}}}
            """, entry["fieldsV1"]);
    }

    [Fact]
    public void RecordUpdate_ChangedField_MovesOwnershipAndDropsEmptyManagers()
    {
        var created = Deployment(2, "nginx:1", "\"app\":\"web\"");
        ManagedFields.RecordUpdate(null, created, "creator", "apps/v1", T0);
        var scaled = created.DeepClone().AsObject();
        scaled["spec"]!["replicas"] = 4;

        ManagedFields.RecordUpdate(created, scaled, "scaler", "apps/v1", T1);

        Assert.Null(Fields(scaled, "creator")["f:spec"]!["f:replicas"]);
        AssertJson("""{"f:spec":{"f:replicas":{}}}""", Fields(scaled, "scaler"));

        var onlyReplicas = J("""{"apiVersion":"apps/v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"1"}}""");
        ManagedFields.RecordUpdate(null, onlyReplicas, "one", "v1", T0);
        var replaced = onlyReplicas.DeepClone().AsObject();
        replaced["data"]!["a"] = "2";
        ManagedFields.RecordUpdate(onlyReplicas, replaced, "two", "v1", T1);
        Assert.Single(replaced["metadata"]!["managedFields"]!.AsArray());
    }

    [Fact]
    public void RecordUpdate_StatusSubresource_RecordsSubresource()
    {
        var created = Deployment(2, "nginx:1");
        var withStatus = created.DeepClone().AsObject();
        withStatus["status"] = new JsonObject { ["readyReplicas"] = 2 };

        ManagedFields.RecordUpdate(created, withStatus, "kube-controller-manager", "apps/v1", T0, "status");

        var entry = withStatus["metadata"]!["managedFields"]!.AsArray().Single()!.AsObject();
        Assert.Equal("status", (string)entry["subresource"]!);
        AssertJson("""{"f:status":{"f:readyReplicas":{}}}""", entry["fieldsV1"]);
    }

    [Fact]
    public void RecordUpdate_SameManagerTwice_MergesEntry()
    {
        var created = Deployment(2, "nginx:1");
        ManagedFields.RecordUpdate(null, created, "m", "apps/v1", T0);
        var changed = created.DeepClone().AsObject();
        changed["metadata"]!["annotations"] = new JsonObject { ["a"] = "b" };

        ManagedFields.RecordUpdate(created, changed, "m", "apps/v1", T1);

        var entry = changed["metadata"]!["managedFields"]!.AsArray().Single()!;
        Assert.Equal("2024-05-01T10:01:00Z", (string)entry["time"]!);
        Assert.NotNull(entry["fieldsV1"]!["f:spec"]);
        Assert.NotNull(entry["fieldsV1"]!["f:metadata"]!["f:annotations"]!["f:a"]);
    }

    [Fact]
    public void RecordUpdate_OtherManagerUntouched_KeepsItsEntryAndBothObjectsInPlace()
    {
        var created = Deployment(2, "nginx:1");
        created["metadata"]!["annotations"] = new JsonObject { ["a"] = "b" };
        ManagedFields.RecordUpdate(null, created, "creator", "apps/v1", T0);
        var before = created.DeepClone();
        var withStatus = created.DeepClone().AsObject();
        withStatus["status"] = new JsonObject { ["readyReplicas"] = 2 };

        ManagedFields.RecordUpdate(created, withStatus, "kube-controller-manager", "apps/v1", T1, "status");

        Assert.True(JsonNode.DeepEquals(before, created), "the old object must come out unchanged");
        Assert.Equal(["name", "namespace", "labels", "annotations", "managedFields"], withStatus["metadata"]!.AsObject().Select(p => p.Key));
        Assert.True(JsonNode.DeepEquals(Fields(created, "creator"), Fields(withStatus, "creator")));
        AssertJson("""{"f:status":{"f:readyReplicas":{}}}""", Fields(withStatus, "kube-controller-manager"));
    }

    [Fact]
    public void RecordUpdate_OtherManagerLosesField_RewritesItsEntry()
    {
        var created = Deployment(2, "nginx:1");
        ManagedFields.RecordUpdate(null, created, "creator", "apps/v1", T0);
        var scaled = created.DeepClone().AsObject();
        scaled["spec"]!["replicas"] = 3;

        ManagedFields.RecordUpdate(created, scaled, "scaler", "apps/v1", T1);

        Assert.NotNull(Fields(created, "creator")["f:spec"]!["f:replicas"]);
        Assert.Null(Fields(scaled, "creator")["f:spec"]!["f:replicas"]);
    }

    [Fact]
    public void Apply_ContainerPortsKeyedByPortAndDefaultProtocol()
    {
        var applied = J("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
             "spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80}]}]}}
            """);

        var result = ManagedFields.Apply(null, applied, "m", false, "v1", T0);

        var ports = Fields(result, "m")["f:spec"]!["f:containers"]!["k:{\"name\":\"c\"}"]!["f:ports"]!.AsObject();
        Assert.Equal("k:{\"containerPort\":80,\"protocol\":\"TCP\"}", ports.Single().Key);
    }

    [Fact]
    public void Apply_CustomResource_MergesWithoutSchema()
    {
        var live = ManagedFields.Apply(null, J("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":1,"color":"red"}}"""), "a", false, "example.com/v1", T0);

        var result = ManagedFields.Apply(live, J("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":2}}"""), "a", false, "example.com/v1", T1);

        AssertJson("""{"size":2}""", result["spec"]);
    }

    [Fact]
    public void Apply_GarbageManagedFieldsInLiveObject_AreIgnored()
    {
        var live = Deployment(2, "nginx:1");
        live["metadata"]!["managedFields"] = JsonNode.Parse("""[1,{"manager":"x","fieldsV1":"bad"},{"manager":"y","operation":"Update","fieldsV1":{"f:spec":{"k:{bad":{}}}}]""");

        var result = ManagedFields.Apply(live, Deployment(3, "nginx:1"), "kubectl", false, "apps/v1", T1);

        Assert.Equal(3, (int)result["spec"]!["replicas"]!);
    }

    [Fact]
    public void FieldSet_RoundTripsFieldsV1()
    {
        var fields = J("""{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{}}}}}""");

        Assert.True(JsonNode.DeepEquals(fields, FieldSet.FromFieldsV1(fields).ToFieldsV1()));
    }
}
