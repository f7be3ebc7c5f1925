namespace Platform.Grpc.Tests.Protocol;

public sealed class PercentEncodingTests
{
    [Theory]
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("100%", "100%25")]
    [InlineData("行政单位", "%E8%A1%8C%E6%94%BF%E5%8D%95%E4%BD%8D")]
    [InlineData("line\nbreak", "line%0Abreak")]
    public void Encode_Utf8AndPercent_EscapesPerSpec(string input, string expected)
    {
        Assert.Equal(expected, PercentEncoding.Encode(input));
        Assert.Equal(input, PercentEncoding.Decode(expected));
    }

    [Theory]
    [InlineData("%", "%")]
    [InlineData("50%x", "50%x")]
    [InlineData("%E8%A1", "\uFFFD")]
    [InlineData("abc%2", "abc%2")]
    public void Decode_MalformedEscapes_KeepsTextWithoutThrowing(string input, string expected)
    {
        Assert.Equal(expected, PercentEncoding.Decode(input));
    }
}
