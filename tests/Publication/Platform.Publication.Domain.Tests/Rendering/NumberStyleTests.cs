using Platform.Publication.Domain.Rendering;

namespace Platform.Publication.Domain.Tests.Rendering;

public sealed class NumberStyleTests
{
    [Theory]
    [InlineData(false, false, "22690800", "2269.08")]
    [InlineData(true, false, "22690800", "2,269.08")]
    [InlineData(false, false, "0", "0")]
    [InlineData(false, true, "0", "0.00")]
    public void Wan_ByTheStyle(bool thousands, bool zeros, string yuan, string expected) =>
        Assert.Equal(expected, new NumberStyle(thousands, zeros).Wan(decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(RateRounding.HalfUp, "38.2876", "38.29%")]
    [InlineData(RateRounding.Truncate, "38.2876", "38.28%")]
    [InlineData(RateRounding.Truncate, "100", "100%")]
    public void Percent_ByTheStyle(RateRounding rates, string value, string expected) =>
        Assert.Equal(expected, new NumberStyle(Rates: rates).Percent(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("1000000", "1600000", "38.28", "增加 60.00 万元，增长 38.28%")]   // a printed rate is written as printed
    [InlineData("1000000", "1000000", "5", "增加 0 万元，增长 0%")]             // beside no change, a printed rate is a misreading
    public void Change_WithAPrintedRate(string before, string now, string printed, string expected) =>
        Assert.Equal(expected, NumberStyle.Default.Change(decimal.Parse(now, System.Globalization.CultureInfo.InvariantCulture),
            decimal.Parse(before, System.Globalization.CultureInfo.InvariantCulture), "，", decimal.Parse(printed, System.Globalization.CultureInfo.InvariantCulture)));
}
