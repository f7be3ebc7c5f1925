using Platform.Accounts.Domain.Returns;

namespace Platform.Accounts.Domain.Tests.Returns;

/// <summary>Every figure leaves the platform in one canonical decimal text, whatever was typed or however it was computed.</summary>
public sealed class CellSetFormatTests
{
    [Theory]
    [InlineData("450000.0", "450000")]
    [InlineData("5000000.00", "5000000")]
    [InlineData("20000", "20000")]
    [InlineData("0.50", "0.5")]
    [InlineData("-12.340", "-12.34")]
    [InlineData("0.00", "0")]
    [InlineData("-0.0", "0")]
    [InlineData("0.0000001", "0.0000001")]
    [InlineData("123456789012345.678900", "123456789012345.6789")]
    public void Format_AnyScale_CanonicalText(string value, string expected)
    {
        Assert.Equal(expected, CellSet.Format(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
