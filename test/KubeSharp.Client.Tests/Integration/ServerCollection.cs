namespace KubeSharp.Client.Tests.Integration;

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ClientServerFixture>
{
    public const string Name = "API server";
}
