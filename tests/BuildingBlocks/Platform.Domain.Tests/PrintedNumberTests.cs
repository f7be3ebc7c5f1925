namespace Platform.Domain.Tests;

public sealed class PrintedNumberTests
{
    [Theory]
    [InlineData("2269.08", "2269.08", false)]
    [InlineData("2,269.08", "2269.08", false)]
    [InlineData("1 000 000", "1000000", false)]
    [InlineData(" 21.50 % ", "21.50", true)]
    [InlineData("21.50％", "21.50", true)]
    [InlineData("２２６９．０８", "2269.08", false)]
    [InlineData("－5", "-5", false)]
    [InlineData("− 5", "-5", false)]
    [InlineData("+3", "3", false)]
    [InlineData("\u00A012\u3000", "12", false)]
    [InlineData("1\u202F000", "1000", false)]
    [InlineData("\u200B12", "12", false)]
    [InlineData("12\r\n", "12", false)]
    [InlineData(".5", "0.5", false)]
    [InlineData("0.00", "0.00", false)]
    public void Read_WaysPeoplePrintANumber_TheSameValue(string text, string expected, bool percent)
    {
        var read = PrintedNumber.Read(text);

        Assert.Equal(NumberProblem.None, read.Problem);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), read.Value);
        Assert.Equal(percent, read.Percent);
    }

    [Fact]
    public void Read_TrailingZeros_ScaleKept()
    {
        Assert.Equal(2, PrintedNumber.Read("2.50").Value.Scale);
    }

    [Theory]
    [InlineData("12,34", NumberProblem.BadGrouping)]
    [InlineData("3989.8 0", NumberProblem.BadGrouping)]
    [InlineData("1,000 000", NumberProblem.BadGrouping)]
    [InlineData("1,0000", NumberProblem.BadGrouping)]
    [InlineData("0,125", NumberProblem.BadGrouping)]
    [InlineData("1\t000", NumberProblem.NotANumber)]
    [InlineData("1\n000", NumberProblem.NotANumber)]
    [InlineData("一百", NumberProblem.NotANumber)]
    [InlineData("1e5", NumberProblem.NotANumber)]
    [InlineData("1.2.3", NumberProblem.NotANumber)]
    [InlineData("¥100", NumberProblem.NotANumber)]
    [InlineData("-", NumberProblem.NotANumber)]
    [InlineData("%", NumberProblem.NotANumber)]
    [InlineData("   ", NumberProblem.Blank)]
    [InlineData(null, NumberProblem.Blank)]
    [InlineData("—", NumberProblem.Blank)]     // the tables' "nothing here"
    [InlineData("／", NumberProblem.Blank)]
    [InlineData("——", NumberProblem.Blank)]
    public void Read_NotANumber_SaysWhy(string? text, NumberProblem problem)
    {
        Assert.Equal(problem, PrintedNumber.Read(text).Problem);
    }
}
