using KubeSharp.ApiServer.Auth;

namespace KubeSharp.ApiServer.Tests.Auth;

public class TokenAuthenticatorTests
{
    private static TokenAuthenticator Create()
    {
        var authenticator = new TokenAuthenticator();
        authenticator.Add("s3cret", new UserInfo("alice", ["devs"], "u1"));
        authenticator.Add("other", new UserInfo("bob", []));
        return authenticator;
    }

    [Theory]
    [InlineData("Bearer s3cret", "alice")]
    [InlineData("bearer s3cret", "alice")]
    [InlineData("  Bearer other  ", "bob")]
    [InlineData("Bearer s3cret extra", "alice")]
    public void Authenticate_KnownToken_User(string header, string user)
    {
        Assert.Equal(user, Create().Authenticate(header)?.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Basic s3cret")]
    [InlineData("Bearer s3cre")]
    [InlineData("Bearer  s3cret")]
    public void Authenticate_MissingOrUnknown_Null(string? header)
    {
        Assert.Null(Create().Authenticate(header));
    }

    [Fact]
    public void Add_SameToken_Replaces()
    {
        var authenticator = Create();
        authenticator.Add("s3cret", new UserInfo("carol", []));
        Assert.Equal("carol", authenticator.Authenticate("Bearer s3cret")?.Name);
    }

    [Fact]
    public void Anonymous_IsUnauthenticatedGroup()
    {
        Assert.Equal("system:anonymous", UserInfo.Anonymous.Name);
        Assert.Equal(["system:unauthenticated"], UserInfo.Anonymous.Groups);
    }
}
