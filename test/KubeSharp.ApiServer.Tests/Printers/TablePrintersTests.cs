using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Printers;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Tests.Printers;

public class TablePrintersTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static ITablePrinter For(string groupResource) =>
        TablePrinters.For(BuiltInResources.Resources.Single(r => r.GroupResource == groupResource));

    private static IReadOnlyList<object?> Row(string groupResource, string json) =>
        For(groupResource).Cells(JsonNode.Parse(json)!.AsObject(), Now);

    [Fact]
    public void For_EveryBuiltInResource_CellsMatchColumns()
    {
        foreach (var resource in BuiltInResources.Resources)
        {
            var printer = TablePrinters.For(resource);
            var cells = printer.Cells(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "x" } }, Now);
            Assert.True(printer.Columns.Count == cells.Count, resource.GroupResource);
            Assert.Contains(printer.Columns, c => c.Format == "name");
        }
    }

    [Fact]
    public void For_ResourceWithoutPrinter_UsesDefaultTable()
    {
        var printer = For("clusterroles.rbac.authorization.k8s.io");
        Assert.Equal(["Name", "Created At"], printer.Columns.Select(c => c.Name));
        Assert.Equal("date", printer.Columns[1].Type);
        Assert.Equal(["admin", "2025-12-31T10:00:00Z"],
            printer.Cells(JsonNode.Parse("""{"metadata":{"name":"admin","creationTimestamp":"2025-12-31T10:00:00Z"}}""")!.AsObject(), Now));
    }

    [Fact]
    public void Cells_Deployment_ReadyUpToDateAvailableAndWide()
    {
        var row = Row("deployments.apps", """
            {"metadata":{"name":"web","creationTimestamp":"2026-01-01T09:00:00Z"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["b","a"]}]},
               "template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1"},{"name":"side","image":"busybox"}]}}},
             "status":{"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}}
            """);
        Assert.Equal(["web", "2/3", 3L, 2L, "3h", "nginx,side", "nginx:1,busybox", "app=web,tier in (a,b)"], row);
        Assert.Equal(["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"], For("deployments.apps").Columns.Select(c => c.Name));
    }

    [Fact]
    public void Cells_NodePortService_FormatsPorts()
    {
        var row = Row("services", """
            {"metadata":{"name":"svc"},"spec":{"type":"NodePort","clusterIP":"10.96.0.10","selector":{"app":"web"},
              "ports":[{"port":80,"nodePort":30080,"protocol":"TCP"},{"port":53,"protocol":"UDP"}]}}
            """);
        Assert.Equal(["svc", "NodePort", "10.96.0.10", "<none>", "80:30080/TCP,53/UDP", "<unknown>", "app=web"], row);
    }

    [Fact]
    public void Cells_LoadBalancerWithoutIngress_IsPending() =>
        Assert.Equal("<pending>", Row("services", """{"metadata":{"name":"s"},"spec":{"type":"LoadBalancer","clusterIPs":["10.0.0.1"]}}""")[3]);

    [Fact]
    public void Cells_Job_StatusCompletionsDuration()
    {
        var row = Row("jobs.batch", """
            {"metadata":{"name":"pi"},"spec":{"completions":3,"template":{"spec":{"containers":[{"name":"pi","image":"perl"}]}},
              "selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"u"}}},
             "status":{"succeeded":3,"startTime":"2026-01-01T11:00:00Z","completionTime":"2026-01-01T11:01:05Z",
               "conditions":[{"type":"Complete","status":"True"}]}}
            """);
        Assert.Equal(["pi", "Complete", "3/3", "65s", "<unknown>", "pi", "perl", "batch.kubernetes.io/controller-uid=u"], row);
        Assert.Equal("Running", Row("jobs.batch", """{"metadata":{"name":"j"},"spec":{"parallelism":2}}""")[1]);
        Assert.Equal("0/1 of 2", Row("jobs.batch", """{"metadata":{"name":"j"},"spec":{"parallelism":2}}""")[2]);
    }

    [Fact]
    public void Cells_Node_StatusRolesAndAddresses()
    {
        var row = Row("nodes", """
            {"metadata":{"name":"n1","labels":{"node-role.kubernetes.io/control-plane":"","kubernetes.io/role":"worker"}},
             "spec":{"unschedulable":true},
             "status":{"conditions":[{"type":"Ready","status":"True"}],"addresses":[{"type":"InternalIP","address":"192.168.1.2"}],
               "nodeInfo":{"kubeletVersion":"v1.33.0"}}}
            """);
        Assert.Equal(["n1", "Ready,SchedulingDisabled", "control-plane,worker", "<unknown>", "v1.33.0", "192.168.1.2", "<none>", "<unknown>", "<unknown>", "<unknown>"], row);
    }

    [Fact]
    public void Cells_ConfigMapAndSecret_CountData()
    {
        Assert.Equal(2L, Row("configmaps", """{"metadata":{"name":"c"},"data":{"a":"1"},"binaryData":{"b":""}}""")[1]);
        Assert.Equal(["s", "Opaque", 1L, "<unknown>"], Row("secrets", """{"metadata":{"name":"s"},"type":"Opaque","data":{"a":"MQ=="}}"""));
    }

    [Fact]
    public void Cells_Endpoints_ListsAtMostThree() =>
        Assert.Equal("10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...", Row("endpoints", """
            {"metadata":{"name":"e"},"subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"},{"ip":"10.0.0.3"},{"ip":"10.0.0.4"}],"ports":[{"port":80}]}]}
            """)[1]);

    [Fact]
    public void Cells_Event_LastSeenTypeReasonObjectMessage()
    {
        var row = Row("events", """
            {"metadata":{"name":"p.1"},"type":"Normal","reason":"Scheduled","message":" Successfully assigned ",
             "involvedObject":{"kind":"Pod","name":"p"},"source":{"component":"default-scheduler"},
             "firstTimestamp":"2026-01-01T11:58:00Z","lastTimestamp":"2026-01-01T11:59:00Z"}
            """);
        Assert.Equal(["60s", "Normal", "Scheduled", "pod/p", "", "default-scheduler", "Successfully assigned", "2m", 1L, "p.1"], row);
    }

    [Fact]
    public void Cells_StorageClassDefault_MarksName() =>
        Assert.Equal(["standard (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", false, "<unknown>"], Row("storageclasses.storage.k8s.io", """
            {"metadata":{"name":"standard","annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},
             "provisioner":"rancher.io/local-path","volumeBindingMode":"WaitForFirstConsumer"}
            """));

    [Fact]
    public void Cells_Pvc_BoundShowsCapacityAndModes() =>
        Assert.Equal(["data", "Bound", "pv1", "1Gi", "RWO,RWX", "standard", "<unset>", "<unknown>", "Filesystem"], Row("persistentvolumeclaims", """
            {"metadata":{"name":"data"},"spec":{"volumeName":"pv1","storageClassName":"standard","volumeMode":"Filesystem"},
             "status":{"phase":"Bound","capacity":{"storage":"1Gi"},"accessModes":["ReadWriteMany","ReadWriteOnce"]}}
            """));

    [Fact]
    public void Cells_Hpa_FormatsResourceTargets() =>
        Assert.Equal("cpu: 40%/80%, memory: <unknown>/500Mi + 1 more...", Row("horizontalpodautoscalers.autoscaling", """
            {"metadata":{"name":"h"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":5,"metrics":[
              {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}},
              {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"500Mi"}}},
              {"type":"Pods","pods":{"target":{"averageValue":"1"}}}]},
             "status":{"currentMetrics":[{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":40}}}]}}
            """)[2]);

    [Fact]
    public void Cells_RoleBinding_RoleAndSubjects() =>
        Assert.Equal(["rb", "ClusterRole/view", "<unknown>", "alice", "devs", "ns1/sa1"], Row("rolebindings.rbac.authorization.k8s.io", """
            {"metadata":{"name":"rb"},"roleRef":{"kind":"ClusterRole","name":"view"},
             "subjects":[{"kind":"User","name":"alice"},{"kind":"Group","name":"devs"},{"kind":"ServiceAccount","name":"sa1","namespace":"ns1"}]}
            """));
}
