using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Printers;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Tests.Printers;

public class PodPrinterTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static ITablePrinter Printer => TablePrinters.For(BuiltInResources.Resources.Single(r => r.Plural == "pods"));

    private static IReadOnlyList<object?> Row(string json) => Printer.Cells(JsonNode.Parse(json)!.AsObject(), Now);

    [Fact]
    public void Columns_Pods_AreUpstreamsWithWideOnes()
    {
        Assert.Equal(["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"], Printer.Columns.Select(c => c.Name));
        Assert.Equal("name", Printer.Columns[0].Format);
        Assert.All(Printer.Columns.Skip(5), c => Assert.Equal(1, c.Priority));
    }

    [Fact]
    public void Cells_RunningPod_ShowsReadyAndRunning()
    {
        var row = Row("""
            {"metadata":{"name":"web","creationTimestamp":"2026-01-01T11:55:00Z"},
             "spec":{"nodeName":"n1","containers":[{"name":"a"},{"name":"b"}]},
             "status":{"phase":"Running","podIP":"10.0.0.5","conditions":[{"type":"Ready","status":"True"}],
               "containerStatuses":[{"name":"a","ready":true,"restartCount":0,"state":{"running":{}}},
                                    {"name":"b","ready":false,"restartCount":0,"state":{"running":{}}}]}}
            """);
        Assert.Equal(["web", "1/2", "Running", "0", "5m", "10.0.0.5", "n1", "<none>", "<none>"], row);
    }

    [Fact]
    public void Cells_CrashLoop_ShowsWaitingReasonAndLastRestart()
    {
        var row = Row("""
            {"metadata":{"name":"p","creationTimestamp":"2026-01-01T10:00:00Z"},"spec":{"containers":[{"name":"a"}]},
             "status":{"phase":"Running","containerStatuses":[{"name":"a","ready":false,"restartCount":5,
               "state":{"waiting":{"reason":"CrashLoopBackOff"}},"lastState":{"terminated":{"exitCode":1,"finishedAt":"2026-01-01T11:55:00Z"}}}]}}
            """);
        Assert.Equal("CrashLoopBackOff", row[2]);
        Assert.Equal("5 (5m ago)", row[3]);
        Assert.Equal("0/1", row[1]);
    }

    [Theory]
    [InlineData("""{"state":{"running":{}}}""", "Init:0/2")]
    [InlineData("""{"state":{"waiting":{"reason":"CrashLoopBackOff"}}}""", "Init:CrashLoopBackOff")]
    [InlineData("""{"state":{"waiting":{"reason":"PodInitializing"}}}""", "Init:0/2")]
    [InlineData("""{"state":{"terminated":{"exitCode":2}}}""", "Init:ExitCode:2")]
    [InlineData("""{"state":{"terminated":{"exitCode":137,"signal":9}}}""", "Init:Signal:9")]
    [InlineData("""{"state":{"terminated":{"exitCode":1,"reason":"Error"}}}""", "Init:Error")]
    public void Cells_InitContainerStates_ShowInitReason(string firstInitStatus, string expected)
    {
        var first = JsonNode.Parse(firstInitStatus)!.AsObject();
        first["name"] = "i1";
        var pod = JsonNode.Parse("""
            {"metadata":{"name":"p"},"spec":{"initContainers":[{"name":"i1"},{"name":"i2"}],"containers":[{"name":"a"}]},
             "status":{"phase":"Pending","initContainerStatuses":[{"name":"i2","state":{"waiting":{}}}],
               "containerStatuses":[{"name":"a","state":{"waiting":{"reason":"PodInitializing"}}}]}}
            """)!.AsObject();
        pod["status"]!["initContainerStatuses"]!.AsArray().Insert(0, first);
        var row = Printer.Cells(pod, Now);
        Assert.Equal(expected, row[2]);
        Assert.Equal("<unknown>", row[4]);
    }

    [Fact]
    public void Cells_SecondInitContainerRunning_CountsFinishedOnes()
    {
        var row = Row("""
            {"metadata":{"name":"p"},"spec":{"initContainers":[{"name":"i1"},{"name":"i2"}],"containers":[{"name":"a"}]},
             "status":{"phase":"Pending","initContainerStatuses":[{"name":"i1","state":{"terminated":{"exitCode":0}}},{"name":"i2","state":{"running":{}}}]}}
            """);
        Assert.Equal("Init:1/2", row[2]);
    }

    [Fact]
    public void Cells_SidecarStarted_CountsAsContainerAndPodRuns()
    {
        var row = Row("""
            {"metadata":{"name":"p"},"spec":{"initContainers":[{"name":"side","restartPolicy":"Always"}],"containers":[{"name":"a"}]},
             "status":{"phase":"Running","conditions":[{"type":"Initialized","status":"True"}],
               "initContainerStatuses":[{"name":"side","started":true,"ready":true,"restartCount":2,"state":{"running":{}}}],
               "containerStatuses":[{"name":"a","ready":true,"state":{"running":{}}}]}}
            """);
        Assert.Equal("2/2", row[1]);
        Assert.Equal("Running", row[2]);
        Assert.Equal("2", row[3]);
    }

    [Theory]
    [InlineData("Succeeded", """{"terminated":{"exitCode":0,"reason":"Completed"}}""", "Completed")]
    [InlineData("Failed", """{"terminated":{"exitCode":1,"reason":"Error"}}""", "Error")]
    [InlineData("Failed", """{"terminated":{"exitCode":3}}""", "ExitCode:3")]
    public void Cells_TerminatedContainer_ShowsTerminationReason(string phase, string state, string expected)
    {
        var row = Row($$$"""
            {"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},
             "status":{"phase":"{{{phase}}}","containerStatuses":[{"name":"a","state":{{{state}}}}]}}
            """);
        Assert.Equal(expected, row[2]);
    }

    [Fact]
    public void Cells_CompletedWithRunningContainerNotReady_ShowsNotReady()
    {
        var row = Row("""
            {"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"},{"name":"b"}]},
             "status":{"phase":"Running","containerStatuses":[
               {"name":"a","ready":true,"state":{"running":{}}},{"name":"b","state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}}
            """);
        Assert.Equal("NotReady", row[2]);
    }

    [Fact]
    public void Cells_Deleting_ShowsTerminatingUnlessNodeLost()
    {
        Assert.Equal("Terminating", Row("""{"metadata":{"name":"p","deletionTimestamp":"2026-01-01T11:00:00Z"},"status":{"phase":"Running"}}""")[2]);
        Assert.Equal("Unknown", Row("""{"metadata":{"name":"p","deletionTimestamp":"2026-01-01T11:00:00Z"},"status":{"phase":"Running","reason":"NodeLost"}}""")[2]);
        Assert.Equal("Succeeded", Row("""{"metadata":{"name":"p","deletionTimestamp":"2026-01-01T11:00:00Z"},"status":{"phase":"Succeeded"}}""")[2]);
    }

    [Fact]
    public void Cells_SchedulingGated_ShowsSchedulingGated() =>
        Assert.Equal("SchedulingGated", Row("""
            {"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}],"readinessGates":[{"conditionType":"x"}]},
             "status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"}]}}
            """)[2]);

    [Fact]
    public void Cells_ReadinessGates_CountsTrueConditions() =>
        Assert.Equal("1/2", Row("""
            {"metadata":{"name":"p"},"spec":{"readinessGates":[{"conditionType":"x"},{"conditionType":"y"}]},
             "status":{"phase":"Pending","conditions":[{"type":"x","status":"True"},{"type":"y","status":"False"}]}}
            """)[8]);
}
