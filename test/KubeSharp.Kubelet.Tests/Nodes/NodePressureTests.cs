using KubeSharp.Kubelet.Nodes;

namespace KubeSharp.Kubelet.Tests.Nodes;

public sealed class NodePressureTests : IDisposable
{
    private readonly string _proc = Directory.CreateTempSubdirectory("ks-proc-").FullName;

    public void Dispose() => Directory.Delete(_proc, recursive: true);

    [Fact]
    public void ParseList_UpstreamDefaults_QuantitiesAndPercentages()
    {
        var thresholds = EvictionThreshold.ParseList(EvictionThreshold.Defaults);
        Assert.Equal(new EvictionThreshold("memory.available", 100 * 1024 * 1024, null), thresholds[0]);
        Assert.Equal(new EvictionThreshold("nodefs.available", null, 0.10), thresholds[1]);
        Assert.Equal(["memory.available", "nodefs.available", "nodefs.inodesFree", "imagefs.available", "imagefs.inodesFree"], thresholds.Select(t => t.Signal));
    }

    [Theory]
    [InlineData("memory.available>100Mi", "invalid eviction threshold syntax memory.available>100Mi, expected <signal><operator><value>")]
    [InlineData("cpu.available<1", "unsupported eviction signal cpu.available")]
    [InlineData("nodefs.available<120%", "invalid percentage 120% for eviction signal nodefs.available")]
    [InlineData("memory.available<lots", "invalid quantity lots for eviction signal memory.available")]
    public void ParseList_BadInput_ClearMessage(string text, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => EvictionThreshold.ParseList(text)).Message);

    [Fact]
    public void Pressures_ThresholdsMet_MapToTheirConditions()
    {
        var signals = new NodeSignals(new Dictionary<string, (long, long)>
        {
            ["memory.available"] = (50L * 1024 * 1024, 8L << 30),
            ["nodefs.available"] = (50, 100),
            ["imagefs.inodesFree"] = (1, 100),
            ["pid.available"] = (1000, 4_000_000),
        });
        Assert.Equal(["DiskPressure", "MemoryPressure"], signals.Pressures(EvictionThreshold.ParseList(EvictionThreshold.Defaults)).Order());
        Assert.Empty(signals.Pressures(EvictionThreshold.ParseList("memory.available<10Mi,nodefs.available<40%")));
        Assert.Equal(["PIDPressure"], signals.Pressures(EvictionThreshold.ParseList("pid.available<2000")));
    }

    [Fact]
    public void Read_ProcFiles_MemoryAndPids()
    {
        File.WriteAllText(Path.Combine(_proc, "meminfo"), "MemTotal:       16384000 kB\nMemFree:          100000 kB\nMemAvailable:    8192000 kB\n");
        Directory.CreateDirectory(Path.Combine(_proc, "sys", "kernel"));
        File.WriteAllText(Path.Combine(_proc, "sys", "kernel", "pid_max"), "32768\n");
        File.WriteAllText(Path.Combine(_proc, "loadavg"), "0.50 0.40 0.30 2/768 12345\n");

        var signals = NodeSignalsReader.Read(_proc, null, _proc);

        Assert.Equal((8192000L * 1024, 16384000L * 1024), signals.Observed["memory.available"]);
        Assert.Equal((32768L - 768, 32768L), signals.Observed["pid.available"]);
        // statvfs of a real directory: some space, and no more than the filesystem holds.
        var (available, capacity) = signals.Observed["nodefs.available"];
        Assert.InRange(available, 1, capacity);
        Assert.Equal(signals.Observed["nodefs.available"], signals.Observed["imagefs.available"]);
    }

    [Fact]
    public void Read_MissingFilesAndPath_SignalsLeftOut()
    {
        var signals = NodeSignalsReader.Read(Path.Combine(_proc, "nowhere"), null, _proc);
        Assert.Empty(signals.Observed);
        Assert.Empty(signals.Pressures(EvictionThreshold.ParseList(EvictionThreshold.Defaults)));
    }

    [Fact]
    public void Status_Pressures_ConditionsWordedAsUpstream()
    {
        var machine = new MachineInfo(2, 8L << 30, 100L << 30, "6.1", "Debian", "amd64", "m", "u", "b");
        var options = new NodeOptions { NodeName = "n", NodeIp = "127.0.0.1" };
        var runtime = new NodeRuntimeState("containerd://1.6", [], null) { Pressures = new HashSet<string> { "DiskPressure" } };

        var conditions = NodeObjectBuilder.Status(options, machine, runtime, null, DateTimeOffset.UnixEpoch).Conditions;

        var disk = conditions.Single(c => c.Type == "DiskPressure");
        Assert.Equal(("True", "KubeletHasDiskPressure", "kubelet has disk pressure"), (disk.Status, disk.Reason, disk.Message));
        Assert.Equal("False", conditions.Single(c => c.Type == "MemoryPressure").Status);
        Assert.Equal("True", conditions.Single(c => c.Type == "Ready").Status);
    }
}
