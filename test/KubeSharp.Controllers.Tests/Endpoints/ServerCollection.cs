namespace KubeSharp.Controllers.Tests.Endpoints;

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "endpoints and node lifecycle server";
}
