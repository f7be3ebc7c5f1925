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
    [InlineData("A123456", "province")]
    [InlineData("新1A2345", "office")]
    [InlineData("新A1234", "7 (新A12345)")]
    [InlineData("新A123456", "new-energy plate's serial")]
    [InlineData("新AX12345", "new-energy plate's serial")]
    [InlineData("新A1I345", "I and O")]
    [InlineData("新A123警", "four letters or digits before 警")]
    [InlineData("新A1234567", "has 9 characters")]
    public void Parse_InvalidPlates_SaysWhy(string text, string reason)
    {
        var (plate, problem) = Plate.Parse(text);
        Assert.Null(plate);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }
}
