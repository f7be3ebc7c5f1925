using Platform.Grpc.Security;

namespace Platform.Grpc.Tests.Security;

public sealed class CallerTokenCodecTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private readonly CallerTokenCodec _codec = new(new CallerSigningOptions { Key = new byte[32] });

    [Fact]
    public void Sign_ThenVerify_RoundTripsIdentity()
    {
        var caller = new CallerIdentity("clerk-17", ["clerk", "viewer"], "652301", "unit-9", "王芳");
        var token = _codec.Sign(caller, Now);
        Assert.True(_codec.TryVerify(token, Now.AddMinutes(1), out var verified, out var reason), reason);
        Assert.Equal(caller.Subject, verified.Subject);
        Assert.Equal(caller.Roles, verified.Roles);
        Assert.Equal("652301", verified.RegionCode);
        Assert.Equal("unit-9", verified.UnitId);
        Assert.Equal("王芳", verified.Name);
        Assert.Equal("王芳", verified.ToActor().Name);
    }

    [Fact]
    public void Sign_CallerWithoutName_VerifiesWithNone()
    {
        Assert.True(_codec.TryVerify(_codec.Sign(new CallerIdentity("cli-user", ["reviewer"], "650100"), Now), Now, out var verified, out _));
        Assert.Null(verified.Name);
    }

    [Fact]
    public void TryVerify_TamperedPayload_Rejected()
    {
        var token = _codec.Sign(new CallerIdentity("clerk", ["clerk"], "652301"), Now);
        var forged = _codec.Sign(new CallerIdentity("clerk", ["finance-admin"], "650000"), Now);
        var spliced = string.Join('.', token.Split('.')[0], forged.Split('.')[1], token.Split('.')[2]);
        Assert.False(_codec.TryVerify(spliced, Now, out _, out var reason));
        Assert.Equal(GrpcMessages.TokenSignatureInvalid, reason);
        Assert.DoesNotContain(spliced, reason);
    }

    [Fact]
    public void TryVerify_OtherKey_Rejected()
    {
        var other = new CallerTokenCodec(new CallerSigningOptions { Key = Enumerable.Repeat((byte)7, 32).ToArray() });
        Assert.False(_codec.TryVerify(other.Sign(new CallerIdentity("x", []), Now), Now, out _, out _));
    }

    [Fact]
    public void TryVerify_Expired_Rejected()
    {
        var token = _codec.Sign(new CallerIdentity("clerk", []), Now);
        Assert.True(_codec.TryVerify(token, Now.AddMinutes(5), out _, out _));
        Assert.False(_codec.TryVerify(token, Now.AddMinutes(6), out _, out var reason));
        Assert.Equal(GrpcMessages.TokenExpired, reason);
    }

    [Fact]
    public void TryVerify_VerifiedTokenWithOneCharacterChanged_StillRejected()
    {
        var token = _codec.Sign(new CallerIdentity("clerk", ["clerk"], "652301"), Now);
        Assert.True(_codec.TryVerify(token, Now, out _, out _));
        var last = token[^1] == 'A' ? 'B' : 'A';
        Assert.False(_codec.TryVerify(token[..^1] + last, Now, out var caller, out _));
        Assert.True(caller.IsAnonymous);
    }

    [Fact]
    public void TryVerify_SameTokenAgain_SameCallerUntilExpiry()
    {
        var token = _codec.Sign(new CallerIdentity("reviewer", ["reviewer"], "652300"), Now);
        Assert.True(_codec.TryVerify(token, Now, out var first, out _));
        Assert.True(_codec.TryVerify(token, Now.AddMinutes(5), out var again, out _));
        Assert.Equal(first, again);
        Assert.False(_codec.TryVerify(token, Now.AddMinutes(6), out again, out var reason));
        Assert.True(again.IsAnonymous);
        Assert.Equal(GrpcMessages.TokenExpired, reason);
    }

    [Fact]
    public void TryVerify_MoreTokensThanRemembered_EveryOneStillVerifiedAndMemoryBounded()
    {
        var tokens = Enumerable.Range(0, CallerTokenCodec.VerifiedCapacity + 10)
            .Select(i => (Subject: $"clerk-{i}", Token: _codec.Sign(new CallerIdentity($"clerk-{i}", ["clerk"]), Now))).ToList();
        foreach (var (subject, token) in tokens.Concat(tokens))
        {
            Assert.True(_codec.TryVerify(token, Now, out var caller, out _));
            Assert.Equal(subject, caller.Subject);
            Assert.InRange(_codec.Remembered, 1, CallerTokenCodec.VerifiedCapacity);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1.abc")]
    [InlineData("v2.e30.AAAA")]
    [InlineData("v1.!!!.???")]
    public void TryVerify_Malformed_Rejected(string token)
    {
        Assert.False(_codec.TryVerify(token, Now, out var caller, out _));
        Assert.True(caller.IsAnonymous);
    }

    [Fact]
    public void Constructor_ShortKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CallerTokenCodec(new CallerSigningOptions { Key = new byte[16] }));
    }
}

public sealed class CallerIdentityTests
{
    [Theory]
    [InlineData("650000", "650000", true)]
    [InlineData("650000", "652301", true)]
    [InlineData("650000", "640100", false)]
    [InlineData("652300", "652301", true)]
    [InlineData("652300", "652300", true)]
    [InlineData("652300", "652701", false)]
    [InlineData("652301", "652301", true)]
    [InlineData("652301", "652302", false)]
    [InlineData("652301", "652300", false)]
    [InlineData("652300", "65230", false)]
    public void CoversRegion_DivisionCodes_FollowsHierarchy(string callerRegion, string target, bool expected)
    {
        var caller = new CallerIdentity("u", ["reviewer"], callerRegion);
        Assert.Equal(expected, caller.CoversRegion(target));
    }

    [Fact]
    public void RequireRegion_OutsideJurisdiction_Forbidden()
    {
        var caller = new CallerIdentity("reviewer-7", ["reviewer"], "652300");
        var ex = Assert.Throws<Platform.Domain.ForbiddenException>(() => caller.RequireRegion("652701"));
        Assert.Contains("652701", ex.Message);
        Assert.Throws<UnauthenticatedException>(() => CallerIdentity.Anonymous.RequireRegion("652300"));
    }

    [Fact]
    public void RequireAnyRole_MissingRole_Forbidden()
    {
        var caller = new CallerIdentity("clerk-1", ["clerk"], "652301");
        caller.RequireAnyRole("clerk", "reviewer");
        Assert.Throws<Platform.Domain.ForbiddenException>(() => caller.RequireAnyRole("finance-admin"));
    }
}
