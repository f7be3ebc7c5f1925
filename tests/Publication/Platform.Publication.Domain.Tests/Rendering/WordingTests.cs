using Platform.Publication.Domain.Rendering;

namespace Platform.Publication.Domain.Tests.Rendering;

public sealed class WordingTests
{
    [Theory]
    [InlineData("22690800", "2269.08")]
    [InlineData("0", "0")]
    [InlineData("4000", "0.40")]
    [InlineData("49", "0")]
    [InlineData("50", "0.01")]
    [InlineData("100000", "10.00")]
    public void Wan_Yuan_TwoDecimalsOfTenThousand(string yuan, string expected) => Assert.Equal(expected, Wording.Wan(decimal.Parse(yuan)));

    [Theory]
    [InlineData("21.5049", "21.50%")]
    [InlineData("0", "0%")]
    [InlineData("100", "100%")]
    [InlineData("-7.0313", "-7.03%")]
    [InlineData("99.995", "100%")]
    public void Percent_TwoDecimalsWithTheDisclosuresRoundNumbers(string value, string expected) => Assert.Equal(expected, Wording.Percent(decimal.Parse(value)));

    [Theory]
    [InlineData("22690800", "28907300", "减少 621.65 万元，下降 21.50%")]
    [InlineData("5600", "0", "增加 0.56 万元，增长 100%")]
    [InlineData("0", "0", "增加 0 万元，增长 0%")]
    [InlineData("0", "341300", "减少 34.13 万元，下降 100%")]
    public void Change_FromLastYear_WordsAndRate(string now, string before, string expected) =>
        Assert.Equal(expected, Wording.Change(decimal.Parse(now), decimal.Parse(before)));

    [Fact]
    public void Change_NoPriorFigure_NothingIsSaid() => Assert.Null(Wording.Change(100m, null));

    [Fact]
    public void Variance_AgainstTheBudget_SignedRate()
    {
        Assert.Equal("63.95%", Wording.Variance(21873200m, 13341300m));
        // 000 prints this one "-30%", its other rates at two decimals ("-7.03%"): the platform always prints two.
        Assert.Equal("-30.00%", Wording.Variance(2800m, 4000m));
    }
}
