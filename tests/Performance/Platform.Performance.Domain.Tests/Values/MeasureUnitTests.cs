using Platform.Performance.Domain.Values;

namespace Platform.Performance.Domain.Tests.Values;

/// <summary>The measure units are a vocabulary in reference data (units.json), read once; a broken vocabulary is refused.</summary>
public sealed class MeasureUnitTests
{
    [Fact]
    public void Load_SymbolListedTwice_Refused()
    {
        var json = """{"dimensions": {"money": {"元": 1}}, "counts": ["元"]}"""u8.ToArray();

        var refused = Assert.Throws<InvalidOperationException>(() => MeasureUnit.Load(new MemoryStream(json)));

        Assert.Contains("'元'", refused.Message);
    }

    [Fact]
    public void Load_Vocabulary_LongestSymbolFirstWithItsFactor()
    {
        var json = """{"dimensions": {"money": {"元": 1, "万元": 10000}, "volume": {"L": 0.001}}, "counts": ["人", "人次"]}"""u8.ToArray();

        var units = MeasureUnit.Load(new MemoryStream(json));

        Assert.Equal(["万元", "人次", "L", "人", "元"], units.Select(u => u.Symbol));
        Assert.Equal((Dimension.Volume, 0.001m), (units.Single(u => u.Symbol == "L").Dimension, units.Single(u => u.Symbol == "L").Factor));
    }

    [Fact]
    public void Load_CountMultipliers_ACountInTenThousandsIsThatCount()
    {
        var json = """{"dimensions": {}, "counts": ["人", "粒"], "countMultipliers": {"万": 10000}}"""u8.ToArray();

        var units = MeasureUnit.Load(new MemoryStream(json)).ToDictionary(u => u.Symbol);

        Assert.Equal((10000m, "人"), (units["万人"].Factor, units["万人"].Counted));
        Assert.True(units["万人"].IsComparableWith(units["人"]));
        Assert.False(units["万粒"].IsComparableWith(units["人"]));
    }

    [Fact]
    public void Parse_TenThousandsAgainstOnes_SameCount()
    {
        var target = Assert.IsType<Quantity>(IndicatorValueParser.Parse(">=5万人").Value);
        var actual = Assert.IsType<Quantity>(IndicatorValueParser.Parse("52000人").Value);

        Assert.True(target.Unit!.IsComparableWith(actual.Unit!));
        Assert.Equal(50000m, target.Amount * target.Unit.Factor);
        Assert.Equal(UnitCheck.Differs, UnitCheck.Compare(target, actual)!.Code);   // comparable after conversion
    }
}
