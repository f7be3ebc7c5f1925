using System.Security.Claims;
using Platform.Gateway.Identity;

namespace Platform.Gateway.FunctionalTests.Identity;

/// <summary>The cache of validated tokens never outlives a token's expiry, nor five minutes.</summary>
public sealed class ValidatedTokensTests
{
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static ClaimsPrincipal Principal(DateTimeOffset expires) =>
        new(new ClaimsIdentity([new Claim("sub", "u"), new Claim("exp", expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture))], "jwt"));

    [Fact]
    public void TryGet_BeforeAndAfterTheTokensExpiry_HitThenMiss()
    {
        var clock = new Clock(DateTimeOffset.UnixEpoch.AddDays(20000));
        using var tokens = new ValidatedTokens(clock);
        tokens.Add("t1", Principal(clock.Now.AddSeconds(90)));
        Assert.True(tokens.TryGet("t1", out _));
        clock.Now = clock.Now.AddSeconds(91);
        Assert.False(tokens.TryGet("t1", out _));
    }

    [Fact]
    public void TryGet_LongLivedTokenAfterFiveMinutes_ValidatedAgain()
    {
        var clock = new Clock(DateTimeOffset.UnixEpoch.AddDays(20000));
        using var tokens = new ValidatedTokens(clock);
        tokens.Add("t2", Principal(clock.Now.AddHours(8)));
        clock.Now = clock.Now.AddMinutes(5).AddSeconds(1);
        Assert.False(tokens.TryGet("t2", out _));
    }

    [Fact]
    public void TryGet_AnotherTokenText_Miss()
    {
        var clock = new Clock(DateTimeOffset.UnixEpoch.AddDays(20000));
        using var tokens = new ValidatedTokens(clock);
        tokens.Add("t3", Principal(clock.Now.AddMinutes(1)));
        Assert.False(tokens.TryGet("t3 ", out _));
        Assert.False(tokens.TryGet("T3", out _));
    }
}
