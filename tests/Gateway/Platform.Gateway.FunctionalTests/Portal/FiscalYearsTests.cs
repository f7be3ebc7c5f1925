using Platform.Portal;

namespace Platform.Gateway.FunctionalTests.Portal;

/// <summary>The year a portal page is asked for: the years the platform serves, and a reason that is true when it is not one.</summary>
public sealed class FiscalYearsTests
{
    [Theory]
    [InlineData("2022", 2022)]
    [InlineData(" 2000 ", 2000)]
    [InlineData("2100", 2100)]
    public void Parse_AYearServed_ThatYearAndNoProblem(string text, int year)
    {
        Assert.Equal(year, FiscalYears.Parse(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("3000")]   // four digits: the reason said "应为 4 位数字" of it
    [InlineData("1999")]
    [InlineData("20x2")]
    [InlineData("-2022")]
    public void Parse_NotAYearServed_TheCurrentYearAndTheRangeSaid(string text)
    {
        Assert.Equal(FiscalYears.Current(), FiscalYears.Parse(text, out var problem));
        Assert.StartsWith("年度应为 2000 至 2100 之间的 4 位数字", problem, StringComparison.Ordinal);
    }
}
