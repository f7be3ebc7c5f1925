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

        Assert.Same(row.ReadTarget(), row.ReadTarget());
        Assert.Same(row.ReadActual(), row.ReadActual());
    }

    [Fact]
    public void TargetReading_ACopyWithAnotherTarget_ReadsItsOwnTarget()
    {
        var row = Row("=28人", "26人");
        _ = row.ReadTarget();

        var corrected = row with { Target = "<=28人" };

        Assert.Equal(Comparator.AtMost, Assert.IsType<Quantity>(corrected.ReadTarget()!.Value).Comparator);
        Assert.Equal(Comparator.Equal, Assert.IsType<Quantity>(row.ReadTarget()!.Value).Comparator);
    }

    [Fact]
    public void Equals_OneReadOneNot_StillEqual()
    {
        var read = Row(">=8次", null);
        _ = read.ReadTarget();

        Assert.Equal(Row(">=8次", null), read);
        Assert.Equal(Row(">=8次", null).GetHashCode(), read.GetHashCode());
        Assert.Null(read.ReadActual());
    }

    [Fact]
    public void With_ACopy_ReadsAfreshNotSharing()
    {
        var row = Row(">=8次", "8次");
        var read = row.ReadTarget();

        var copy = row with { };

        Assert.NotSame(read, copy.ReadTarget());
        Assert.Same(read, row.ReadTarget());
    }

    [Fact]
    public void Serialize_AReadIndicator_OnlyItsPrintedCells()
    {
        // A stored form is JSON (the performance service's store): what was read of it is not part of it.
        var row = Row(">=8次", "8次");
        _ = (row.ReadTarget(), row.ReadActual());

        var json = System.Text.Json.JsonSerializer.Serialize(row);

        Assert.DoesNotContain("Findings", json, StringComparison.Ordinal);
        Assert.Equal(row, System.Text.Json.JsonSerializer.Deserialize<Indicator>(json));
    }
}
