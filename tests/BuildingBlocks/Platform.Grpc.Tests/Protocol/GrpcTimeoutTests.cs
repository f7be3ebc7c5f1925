namespace Platform.Grpc.Tests.Protocol;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 3600_000)]
    [InlineData("2M", 120_000)]
    [InlineData("30S", 30_000)]
    [InlineData("250m", 250)]
    [InlineData("1500u", 1.5)]
    [InlineData("2000000n", 2)]
    [InlineData("99999999m", 99_999_999)]
    public void TryParse_ValidUnits_ReturnsDuration(string header, double expectedMs)
    {
        Assert.True(GrpcTimeout.TryParse(header, out var timeout));
        Assert.Equal(expectedMs, timeout.TotalMilliseconds, 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10x")]
    [InlineData("-5S")]
    [InlineData("123456789S")]
    [InlineData("1.5S")]
    [InlineData(" 5S")]
    public void TryParse_Malformed_ReturnsFalse(string header)
    {
        Assert.False(GrpcTimeout.TryParse(header, out _));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(250)]
    [InlineData(123_456)]
    [InlineData(86_400_000)]
    public void Format_ThenParse_NeverShortensTheTimeout(double ms)
    {
        var timeout = TimeSpan.FromMilliseconds(ms);
        var header = GrpcTimeout.Format(timeout);
        Assert.True(header.Length <= 9, header);
        Assert.True(GrpcTimeout.TryParse(header, out var parsed));
        Assert.True(parsed >= timeout, $"{header} parsed to {parsed}, shorter than {timeout}");
        Assert.True(parsed - timeout < TimeSpan.FromTicks(Math.Max(timeout.Ticks / 1000, 10)), $"{header} rounds too coarsely");
    }
}
