using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Strategies.PersistentVolumes;
using KubeSharp.ApiServer.Tests.Auth;

namespace KubeSharp.ApiServer.Tests.Strategies;

public class PersistentVolumeStrategyTests
{
    private const string DocsVolume = """
        {"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"task-pv-volume","labels":{"type":"local"}},
         "spec":{"storageClassName":"manual","capacity":{"storage":"10Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/mnt/data"}}}
        """;

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject WithSpec(string spec) => Parse($$"""{"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"pv"},"spec":{{spec}}}""");

    private static List<FieldError> Validate(JsonObject obj)
    {
        PersistentVolumeStrategy.Instance.ApplyDefaults(obj);
        var errors = new List<FieldError>();
        PersistentVolumeStrategy.Instance.Validate(obj, errors);
        return errors;
    }

    [Fact]
    public void Validate_DocsExample_NoErrors()
    {
        Assert.Empty(Validate(Parse(DocsVolume)));
    }

    [Fact]
    public void Validate_LocalVolumeWithNodeAffinity_NoErrors()
    {
        var obj = WithSpec("""
            {"capacity":{"storage":"100Gi"},"volumeMode":"Filesystem","accessModes":["ReadWriteOnce"],"persistentVolumeReclaimPolicy":"Delete",
             "storageClassName":"local-storage","local":{"path":"/mnt/disks/ssd1"},
             "nodeAffinity":{"required":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"kubernetes.io/hostname","operator":"In","values":["example-node"]}]}]}}}
            """);
        Assert.Empty(Validate(obj));
    }

    [Fact]
    public void ApplyDefaults_Docs_RetainFilesystemAndHostPathType()
    {
        var obj = Parse(DocsVolume);
        PersistentVolumeStrategy.Instance.ApplyDefaults(obj);
        Assert.Equal("Retain", obj["spec"]!["persistentVolumeReclaimPolicy"]!.GetValue<string>());
        Assert.Equal("Filesystem", obj["spec"]!["volumeMode"]!.GetValue<string>());
        Assert.Equal("", obj["spec"]!["hostPath"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void PrepareForCreate_Any_PendingWithTransitionTime()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero));
        var obj = Parse(DocsVolume);
        new PersistentVolumeStrategy(time).PrepareForCreate(obj);
        Assert.Equal("""{"phase":"Pending","lastPhaseTransitionTime":"2024-05-06T07:08:09Z"}""", obj["status"]!.ToJsonString());
    }

    [Fact]
    public void PrepareForUpdate_PhaseChanged_StampsTransitionTime()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero));
        var old = Parse(DocsVolume);
        old["status"] = JsonNode.Parse("""{"phase":"Pending","lastPhaseTransitionTime":"2024-01-01T00:00:00Z"}""");
        var updated = old.DeepClone().AsObject();
        updated["status"]!["phase"] = "Bound";
        new PersistentVolumeStrategy(time).PrepareForUpdate(updated, old);
        Assert.Equal("2024-05-06T07:08:09Z", updated["status"]!["lastPhaseTransitionTime"]!.GetValue<string>());
    }

    [Fact]
    public void Validate_NoAccessModes_Required()
    {
        var e = Assert.Single(Validate(WithSpec("""{"capacity":{"storage":"1Gi"},"hostPath":{"path":"/a"}}""")));
        Assert.Equal("spec.accessModes: Required value", e.ToString());
    }

    [Fact]
    public void Validate_BadAccessMode_NotSupported()
    {
        var e = Assert.Single(Validate(WithSpec("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteSometimes"],"hostPath":{"path":"/a"}}""")));
        Assert.Equal("spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"", e.ToString());
    }

    [Fact]
    public void Validate_ReadWriteOncePodWithOthers_Forbidden()
    {
        var e = Assert.Single(Validate(WithSpec("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOncePod","ReadWriteOnce"],"hostPath":{"path":"/a"}}""")));
        Assert.Equal("spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes", e.ToString());
    }

    [Fact]
    public void Validate_NoCapacity_RequiredAndNotSupported()
    {
        var errors = Validate(WithSpec("""{"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/a"}}"""));
        Assert.Equal(["spec.capacity: Required value", "spec.capacity: Unsupported value: null: supported values: \"storage\""], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Validate_ZeroCapacity_NotPositive()
    {
        var e = Assert.Single(Validate(WithSpec("""{"capacity":{"storage":"0"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/a"}}""")));
        Assert.Equal("spec.capacity[storage]: Invalid value: \"0\": must be greater than zero", e.ToString());
    }

    [Fact]
    public void Validate_NoSource_Required()
    {
        var e = Assert.Single(Validate(WithSpec("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"]}""")));
        Assert.Equal("spec: Required value: must specify a volume type", e.ToString());
    }

    [Fact]
    public void Validate_TwoSources_ForbiddenOnSecond()
    {
        var e = Assert.Single(Validate(WithSpec("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/a"},"nfs":{"server":"s","path":"/x"}}""")));
        Assert.Equal("spec.nfs: Forbidden: may not specify more than 1 volume type", e.ToString());
    }

    [Fact]
    public void Validate_HostPathWithoutPath_Required()
    {
        var e = Assert.Single(Validate(WithSpec("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{}}""")));
        Assert.Equal("spec.hostPath.path: Required value", e.ToString());
    }

    [Fact]
    public void Validate_HostPathBackstep_Invalid()
    {
        var e = Assert.Single(Validate(WithSpec("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/a/../b"}}""")));
        Assert.Equal("spec.hostPath.path: Invalid value: \"/a/../b\": must not contain '..'", e.ToString());
    }

    [Fact]
    public void Validate_BadReclaimPolicy_NotSupported()
    {
        var e = Assert.Single(Validate(WithSpec("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/a"},"persistentVolumeReclaimPolicy":"Keep"}""")));
        Assert.Equal("spec.persistentVolumeReclaimPolicy: Unsupported value: \"Keep\": supported values: \"Delete\", \"Recycle\", \"Retain\"", e.ToString());
    }

    [Fact]
    public void Validate_RecycleOnHostPathRoot_Forbidden()
    {
        var backstep = Validate(WithSpec("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/a/.."},"persistentVolumeReclaimPolicy":"Recycle"}"""));
        Assert.Equal(["spec.hostPath.path", "spec.persistentVolumeReclaimPolicy"], backstep.Select(e => e.Field));
        var errors = Validate(WithSpec("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"//"},"persistentVolumeReclaimPolicy":"Recycle"}"""));
        Assert.Equal("spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'", Assert.Single(errors).ToString());
    }

    [Fact]
    public void Validate_LocalWithoutNodeAffinity_Required()
    {
        var e = Assert.Single(Validate(WithSpec("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"local":{"path":"/mnt/x"}}""")));
        Assert.Equal("spec.nodeAffinity: Required value: Local volume requires node affinity", e.ToString());
    }

    [Fact]
    public void Validate_NodeAffinityWithoutRequired_Required()
    {
        var e = Assert.Single(Validate(WithSpec("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/a"},"nodeAffinity":{}}""")));
        Assert.Equal("spec.nodeAffinity.required: Required value: must specify required node constraints", e.ToString());
    }

    [Fact]
    public void Validate_NodeAffinityNoTerms_Required()
    {
        var e = Assert.Single(Validate(WithSpec("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/a"},"nodeAffinity":{"required":{"nodeSelectorTerms":[]}}}""")));
        Assert.Equal("spec.nodeAffinity.required.nodeSelectorTerms: Required value: must have at least one node selector term", e.ToString());
    }

    [Fact]
    public void Validate_NodeAffinityInWithoutValues_Required()
    {
        var e = Assert.Single(Validate(WithSpec("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/a"},"nodeAffinity":{"required":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"k","operator":"In"}]}]}}}""")));
        Assert.Equal("spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'", e.ToString());
    }

    [Fact]
    public void Validate_NfsRelativePath_Invalid()
    {
        var e = Assert.Single(Validate(WithSpec("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteMany"],"nfs":{"server":"nfs.example.com","path":"share"}}""")));
        Assert.Equal("spec.nfs.path: Invalid value: \"share\": must be an absolute path", e.ToString());
    }

    [Fact]
    public void Validate_CsiWithoutHandle_Required()
    {
        var e = Assert.Single(Validate(WithSpec("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"csi":{"driver":"ebs.csi.aws.com"}}""")));
        Assert.Equal("spec.csi.volumeHandle: Required value", e.ToString());
    }

    [Fact]
    public void ValidateUpdate_SourceChanged_ForbiddenImmutable()
    {
        var old = Parse(DocsVolume);
        PersistentVolumeStrategy.Instance.ApplyDefaults(old);
        var updated = old.DeepClone().AsObject();
        updated["spec"]!["hostPath"]!["path"] = "/mnt/other";
        var errors = new List<FieldError>();
        PersistentVolumeStrategy.Instance.ValidateUpdate(updated, old, errors);
        var e = Assert.Single(errors);
        Assert.Equal(FieldErrorType.Forbidden, e.Type);
        Assert.Equal("spec.persistentvolumesource", e.Field);
        Assert.StartsWith("spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation\n", e.ToString());
    }

    [Fact]
    public void ValidateUpdate_VolumeModeChanged_Immutable()
    {
        var old = Parse(DocsVolume);
        PersistentVolumeStrategy.Instance.ApplyDefaults(old);
        var updated = old.DeepClone().AsObject();
        updated["spec"]!["volumeMode"] = "Block";
        var errors = new List<FieldError>();
        PersistentVolumeStrategy.Instance.ValidateUpdate(updated, old, errors);
        Assert.Equal("volumeMode: Invalid value: \"Block\": field is immutable", Assert.Single(errors).ToString());
    }

    [Fact]
    public void ValidateUpdate_CapacityAndClaimRefChanged_NoErrors()
    {
        var old = Parse(DocsVolume);
        PersistentVolumeStrategy.Instance.ApplyDefaults(old);
        var updated = old.DeepClone().AsObject();
        updated["spec"]!["capacity"]!["storage"] = "20Gi";
        updated["spec"]!["claimRef"] = JsonNode.Parse("""{"namespace":"default","name":"task-pv-claim"}""");
        var errors = new List<FieldError>();
        PersistentVolumeStrategy.Instance.ValidateUpdate(updated, old, errors);
        Assert.Empty(errors);
    }
}
