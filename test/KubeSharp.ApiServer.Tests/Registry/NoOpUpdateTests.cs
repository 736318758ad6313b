using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Tests.Registry;

public class NoOpUpdateTests
{
    private static JsonObject Pod(string time, string managedExtra = "", string phase = "Running") => JsonNode.Parse($$$"""
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"p","labels":{"a":"b"},"managedFields":[{"manager":"m","operation":"Update","apiVersion":"v1",{{{time}}}"fieldsType":"FieldsV1","fieldsV1":{"f:spec":{}}{{{managedExtra}}}}]},
         "spec":{"nodeName":"n"},"status":{"phase":"{{{phase}}}"}}
        """)!.AsObject();

    [Fact]
    public void Same_OnlyManagedFieldsTimesDiffer_True()
    {
        Assert.True(NoOpUpdate.Same(Pod("\"time\":\"2024-01-01T00:00:01Z\","), Pod("\"time\":\"2024-01-01T00:00:00Z\",")));
        Assert.True(NoOpUpdate.Same(Pod("\"time\":\"2024-01-01T00:00:01Z\","), Pod("")));
        Assert.True(NoOpUpdate.Same(Pod(""), Pod("\"time\":\"2024-01-01T00:00:00Z\",")));
    }

    [Fact]
    public void Same_StatusDiffers_False()
    {
        Assert.False(NoOpUpdate.Same(Pod("", phase: "Pending"), Pod("")));
    }

    [Fact]
    public void Same_ManagedFieldsEntryDiffersBesidesTime_False()
    {
        Assert.False(NoOpUpdate.Same(Pod("", ",\"subresource\":\"status\""), Pod("")));
    }

    [Fact]
    public void Same_MemberOrderDiffers_True()
    {
        var reordered = Pod("");
        var status = reordered["status"]!;
        reordered.Remove("status");
        reordered.Insert(0, "status", status);

        Assert.True(NoOpUpdate.Same(reordered, Pod("")));
    }

    [Fact]
    public void Same_ExtraMember_False()
    {
        var extra = Pod("");
        extra["metadata"]!["annotations"] = new JsonObject();

        Assert.False(NoOpUpdate.Same(extra, Pod("")));
        Assert.False(NoOpUpdate.Same(Pod(""), extra));
    }
}
