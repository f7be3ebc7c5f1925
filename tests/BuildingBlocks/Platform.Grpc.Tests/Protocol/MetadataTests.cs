namespace Platform.Grpc.Tests.Protocol;

public sealed class MetadataTests
{
    [Theory]
    [InlineData("AQID")]
    [InlineData("AQIDBA")]
    [InlineData("AQIDBA==")]
    public void AddDecoded_BinaryPaddedOrNot_DecodesBytes(string value)
    {
        var metadata = new Metadata();
        metadata.AddDecoded("trace-bin", value);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }.Take(value.StartsWith("AQIDBA") ? 4 : 3), metadata.GetBytes("trace-bin"));
    }

    [Fact]
    public void Add_InvalidKeysAndValues_Rejected()
    {
        var metadata = new Metadata();
        Assert.Throws<ArgumentException>(() => metadata.Add("Bad Key", "x"));
        Assert.Throws<ArgumentException>(() => metadata.Add("grpc-status", "0"));
        Assert.Throws<ArgumentException>(() => metadata.Add("name", "单位"));
        Assert.Throws<ArgumentException>(() => metadata.Add("blob-bin", "text"));
        Assert.Throws<ArgumentException>(() => metadata.Add("text", new byte[] { 1 }));
    }

    [Fact]
    public void EncodeBase64_EmitsUnpadded()
    {
        Assert.Equal("AQI", Metadata.EncodeBase64([1, 2]));
    }
}
