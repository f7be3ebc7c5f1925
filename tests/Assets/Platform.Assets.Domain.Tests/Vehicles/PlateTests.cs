using Platform.Assets.Domain.Vehicles;

namespace Platform.Assets.Domain.Tests.Vehicles;

public sealed class PlateTests
{
    [Theory]
    [InlineData("新A12345", "新A12345", false)]
    [InlineData("新A·1234X", "新A1234X", false)]
    [InlineData(" 京b 12345 ", "京B12345", false)]
    [InlineData("新ＡＤ１２３４５", "新AD12345", true)]
    [InlineData("新ADA1234", "新ADA1234", true)]
    [InlineData("粤B12345F", "粤B12345F", true)]
    [InlineData("新A1234警", "新A1234警", false)]
    [InlineData("新A1234学", "新A1234学", false)]
    [InlineData("新A12345应急", "新A12345应急", false)]
    public void Parse_ValidPlates_Normalized(string text, string expected, bool newEnergy)
    {
        var (plate, problem) = Plate.Parse(text);
        Assert.Null(problem);
        Assert.Equal((expected, newEnergy), (plate!.Value, plate.IsNewEnergy));
    }

    [Theory]
    [InlineData("", "必须填写")]
    [InlineData("A123456", "省、自治区、直辖市的简称")]
    [InlineData("新1A2345", "发牌机关代号")]
    [InlineData("新A1234", "应为 7 位（如 新A12345）")]
    [InlineData("新A123456", "新能源车牌的序号")]
    [InlineData("新AX12345", "新能源车牌的序号")]
    [InlineData("新A1I345", "I 和 O")]
    [InlineData("新A123警", "在“警”前为 4 位字母或数字")]
    [InlineData("新A1234567", "共 9 个字符")]
    public void Parse_InvalidPlates_SaysWhy(string text, string reason)
    {
        var (plate, problem) = Plate.Parse(text);
        Assert.Null(plate);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem);
    }

    [Fact]
    public void Parse_LongText_QuotedAsAPrefixOnly()
    {
        var (_, problem) = Plate.Parse("A" + new string('9', 5_000));
        Assert.True(problem!.Length < 200, problem);
    }
}
