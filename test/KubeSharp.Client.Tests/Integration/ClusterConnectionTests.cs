using k8s;

namespace KubeSharp.Client.Tests.Integration;

[Collection(ServerCollection.Name)]
public sealed class ClusterConnectionTests(ClientServerFixture fixture)
{
    [Fact]
    public async Task FromKubeconfig_AdminKubeconfigFile_ListsNamespaces()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, fixture.Server.AdminKubeconfig);
            using var client = ClusterConnection.FromKubeconfig(path);
            var namespaces = await client.CoreV1.ListNamespaceAsync();
            Assert.Contains(namespaces.Items, n => n.Metadata.Name == "default");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
