using Platform.Grpc.Security;

namespace Platform.Grpc.Tests.Security;

public sealed class CallerTokenCodecTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private readonly CallerTokenCodec _codec = new(new CallerSigningOptions { Key = new byte[32] });

    [Fact]
    public void Sign_ThenVerify_RoundTripsIdentity()
    {
        var caller = new CallerIdentity("clerk-17", ["clerk", "viewer"], "652301", "unit-9");
        var token = _codec.Sign(caller, Now);
        Assert.True(_codec.TryVerify(token, Now.AddMinutes(1), out var verified, out var reason), reason);
        Assert.Equal(caller.Subject, verified.Subject);
        Assert.Equal(caller.Roles, verified.Roles);
        Assert.Equal("652301", verified.RegionCode);
        Assert.Equal("unit-9", verified.UnitId);
    }

    [Fact]
    public void TryVerify_TamperedPayload_Rejected()
    {
        var token = _codec.Sign(new CallerIdentity("clerk", ["clerk"], "652301"), Now);
        var forged = _codec.Sign(new CallerIdentity("clerk", ["finance-admin"], "650000"), Now);
        var spliced = string.Join('.', token.Split('.')[0], forged.Split('.')[1], token.Split('.')[2]);
        Assert.False(_codec.TryVerify(spliced, Now, out _, out var reason));
        Assert.Contains("signature", reason);
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
        Assert.Contains("expired", reason);
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
