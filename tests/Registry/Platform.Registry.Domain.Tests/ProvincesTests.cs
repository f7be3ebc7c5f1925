namespace Platform.Registry.Domain.Tests;

public sealed class ProvincesTests
{
    [Theory]
    [InlineData("重庆市", "50")]
    [InlineData("新疆维吾尔自治区", "65")]
    [InlineData("新疆", "65")]          // a short name its full name starts with
    [InlineData(" 四川省 ", "51")]
    [InlineData("重庆", "50")]
    [InlineData("某省", null)]
    [InlineData("省", null)]
    public void CodeOf_APrintedProvinceName_ItsTwoDigits(string name, string? expected)
    {
        Assert.Equal(expected, Provinces.CodeOf(name));
    }

    [Theory]
    [InlineData("65", "新疆维吾尔自治区")]
    [InlineData("652301", "新疆维吾尔自治区")]
    [InlineData("50", "重庆市")]
    [InlineData("99", null)]
    [InlineData("6", null)]
    public void NameOf_ACodeOrPrefix_TheProvince(string code, string? expected)
    {
        Assert.Equal(expected, Provinces.NameOf(code));
    }
}
