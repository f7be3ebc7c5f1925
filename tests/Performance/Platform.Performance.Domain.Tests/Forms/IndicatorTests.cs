using Platform.Performance.Domain.Forms;
using Platform.Performance.Domain.Values;

namespace Platform.Performance.Domain.Tests.Forms;

/// <summary>An indicator's printed cells are read once, and what was read never outlives the text it was read from.</summary>
public sealed class IndicatorTests
{
    private static Indicator Row(string? target, string? actual) => new(0, "产出指标", "数量指标", "指标", target, actual, 10, 10, null);

    [Fact]
    public void TargetReading_ReadTwice_TheSameReading()
    {
        var row = Row(">=8次", "8次");

        Assert.Same(row.TargetReading, row.TargetReading);
        Assert.Same(row.ActualReading, row.ActualReading);
    }

    [Fact]
    public void TargetReading_ACopyWithAnotherTarget_ReadsItsOwnTarget()
    {
        var row = Row("=28人", "26人");
        _ = row.TargetReading;

        var corrected = row with { Target = "<=28人" };

        Assert.Equal(Comparator.AtMost, Assert.IsType<Quantity>(corrected.TargetReading!.Value).Comparator);
        Assert.Equal(Comparator.Equal, Assert.IsType<Quantity>(row.TargetReading!.Value).Comparator);
    }

    [Fact]
    public void Equals_OneReadOneNot_StillEqual()
    {
        var read = Row(">=8次", null);
        _ = read.TargetReading;

        Assert.Equal(Row(">=8次", null), read);
        Assert.Equal(Row(">=8次", null).GetHashCode(), read.GetHashCode());
        Assert.Null(read.ActualReading);
    }
}
